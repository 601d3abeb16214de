package io.tollgate.governance;

/**
 * A budget alert threshold that a settlement crossed, reported once per budget, period and
 * threshold across all proxies sharing a store.
 */
public record CrossedThreshold(BudgetMeter meter, int percent, long spentNanos) {}
