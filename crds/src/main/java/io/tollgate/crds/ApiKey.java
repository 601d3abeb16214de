package io.tollgate.crds;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A gateway key an application presents, and the public models it may use. */
@Group(Tollgate.GROUP)
@Version(Tollgate.VERSION)
@AdditionalPrinterColumn(name = "Team", jsonPath = ".spec.team")
@AdditionalPrinterColumn(name = "Secret", jsonPath = ".spec.secretRef.name")
@AdditionalPrinterColumn(name = "Expires", jsonPath = ".spec.expiresAt")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ApiKey extends CustomResource<ApiKeySpec, ApiKeyStatus> implements Namespaced {

  /**
   * Set or change this annotation (to any new value, e.g. a timestamp) to rotate the key: the
   * operator generates a new value and keeps the old one working for {@code
   * spec.rotationGracePeriod}.
   */
  public static final String ROTATE_ANNOTATION = Tollgate.GROUP + "/rotate";
}
