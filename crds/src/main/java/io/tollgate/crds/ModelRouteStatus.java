package io.tollgate.crds;

/** The observed state of a {@link ModelRoute}, written by the operator. */
public class ModelRouteStatus extends ResourceStatus {}
