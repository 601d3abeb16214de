package io.tollgate.crds;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A public model name clients may send, and the upstream backends that serve it. */
@Group(Tollgate.GROUP)
@Version(Tollgate.VERSION)
public class ModelRoute extends CustomResource<ModelRouteSpec, Void> implements Namespaced {}
