package io.tollgate.crds;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A gateway key an application presents, and the public models it may use. */
@Group(Tollgate.GROUP)
@Version(Tollgate.VERSION)
public class ApiKey extends CustomResource<ApiKeySpec, Void> implements Namespaced {}
