package io.tollgate.crds;

/** The API group and version every Tollgate custom resource belongs to. */
public final class Tollgate {

  public static final String GROUP = "tollgate.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private Tollgate() {}
}
