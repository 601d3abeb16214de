package io.tollgate.governance;

/** A budget's usage in one period, as a store holds it. */
public record BudgetUsage(long spentNanos, long reservedNanos) {}
