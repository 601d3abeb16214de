package io.tollgate.governance;

import io.tollgate.config.snapshot.StoreFailurePolicy;

/**
 * A cap on requests in flight at once. Each admitted request holds a lease until it is settled or
 * released, or until the lease expires (a proxy killed mid-request), so a slot never leaks.
 */
public record ParallelMeter(String id, long limit, StoreFailurePolicy onStoreFailure)
    implements Meter {}
