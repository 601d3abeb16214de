package io.tollgate.config.compile;

import io.tollgate.config.snapshot.EntraAuth;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.crds.EntraAuthSpec;
import io.tollgate.crds.ModelRouteBackend;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** Compiles an azure-openai backend's {@code entra} block, or refuses it. */
final class EntraAuthCompiler {

  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,253}");
  private static final Pattern CLIENT_ID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** The Entra ID settings of an azure-openai backend; null when it has none, or after an error. */
  static EntraAuth compile(
      ModelRouteBackend declared, Provider provider, String at, RouteProblems problems) {
    EntraAuthSpec spec = declared.getEntra();
    String field = at + ".entra";
    if (spec == null) {
      return null;
    }
    if (provider != Provider.AZURE_OPENAI) {
      problems.add(field, "only for provider azure-openai");
      return null;
    }
    int before = problems.count();
    if (spec.getTenantId() != null && !TENANT.matcher(spec.getTenantId()).matches()) {
      problems.add(
          field + ".tenantId",
          "'"
              + spec.getTenantId()
              + "' is not an Entra tenant id or domain, e.g. contoso.onmicrosoft.com");
    }
    if (spec.getClientId() != null && !CLIENT_ID.matcher(spec.getClientId()).matches()) {
      problems.add(
          field + ".clientId",
          "'"
              + spec.getClientId()
              + "' is not a client id (a GUID, as the app registration shows)");
    }
    URI authority = null;
    if (spec.getAuthorityHost() != null) {
      String raw = spec.getAuthorityHost().replaceAll("/+$", "");
      try {
        authority = new URI(raw);
      } catch (URISyntaxException e) {
        authority = null;
      }
      if (authority == null
          || !("https".equals(authority.getScheme()) || "http".equals(authority.getScheme()))
          || authority.getHost() == null
          || !authority.getRawPath().isEmpty()) {
        problems.add(
            field + ".authorityHost",
            "'"
                + spec.getAuthorityHost()
                + "' is not an authority host, e.g. https://login.microsoftonline.com");
      }
    }
    String scope = spec.getScope() == null ? EntraAuth.DEFAULT_SCOPE : spec.getScope();
    if (scope.isBlank()) {
      problems.add(field + ".scope", "must not be blank; omit it for " + EntraAuth.DEFAULT_SCOPE);
    }
    if (problems.count() > before) {
      return null;
    }
    return new EntraAuth(spec.getTenantId(), spec.getClientId(), authority, scope);
  }

  private EntraAuthCompiler() {}
}
