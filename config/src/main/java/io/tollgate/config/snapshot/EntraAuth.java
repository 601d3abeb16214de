package io.tollgate.config.snapshot;

import java.net.URI;
import java.util.Objects;

/**
 * How an {@code azure-openai} backend gets Microsoft Entra ID bearer tokens in place of the
 * resource's API key. The client secret, when there is one, is the backend's {@link
 * Backend#apiKey()}; without it the proxy presents its workload identity's federated token. Fields
 * left null take the proxy's environment (AKS workload identity sets {@code AZURE_TENANT_ID},
 * {@code AZURE_CLIENT_ID}, {@code AZURE_AUTHORITY_HOST}), since the compiler may run elsewhere.
 *
 * @param tenantId the directory (tenant) id or domain, or null for the proxy's
 * @param clientId the app registration's or managed identity's client id, or null for the proxy's
 * @param authorityHost the authority, e.g. {@code https://login.microsoftonline.com}, or null
 * @param scope the token scope
 */
public record EntraAuth(String tenantId, String clientId, URI authorityHost, String scope) {

  /** Azure OpenAI's (Cognitive Services') scope. */
  public static final String DEFAULT_SCOPE = "https://cognitiveservices.azure.com/.default";

  /** Entra ID in Azure's public cloud. */
  public static final URI PUBLIC_CLOUD = URI.create("https://login.microsoftonline.com");

  public EntraAuth {
    Objects.requireNonNull(scope, "scope");
  }
}
