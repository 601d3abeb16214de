package io.tollgate.operator.teambudget;

/**
 * A budget alert threshold a proxy fired in one period, to be told as a Kubernetes Event.
 *
 * @param percent the threshold, percent of the limit
 * @param spentNanos the spend at which it fired (the settlement that crossed it)
 * @param limitNanos the budget's limit
 * @param periodId the period it fired in, e.g. {@code 2026-11}
 */
record ThresholdAlert(int percent, long spentNanos, long limitNanos, String periodId) {}
