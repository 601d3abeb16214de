package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * How an azure-openai backend authenticates with Microsoft Entra ID bearer tokens instead of the
 * resource's API key: AKS workload identity (the federated token the kubelet projects), or a client
 * secret from credentialsSecretRef.
 */
public class EntraAuthSpec {

  @JsonPropertyDescription(
      "The Entra directory (tenant) id or domain. Defaults to the proxy's AZURE_TENANT_ID, which"
          + " AKS workload identity sets. Example: 72f988bf-86f1-41af-91ab-2d7cd011db47")
  @Pattern("^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$")
  private String tenantId;

  @JsonPropertyDescription(
      "The client id of the app registration or user-assigned managed identity. Defaults to the"
          + " proxy's AZURE_CLIENT_ID, which AKS workload identity sets from the ServiceAccount's"
          + " azure.workload.identity/client-id annotation.")
  @Pattern("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
  private String clientId;

  @JsonPropertyDescription(
      "The Entra authority host. Defaults to the proxy's AZURE_AUTHORITY_HOST, else"
          + " https://login.microsoftonline.com (other clouds: https://login.microsoftonline.us,"
          + " https://login.chinacloudapi.cn).")
  @Pattern("^https?://[^/?#]+/?$")
  private String authorityHost;

  @JsonPropertyDescription(
      "The token scope. Defaults to https://cognitiveservices.azure.com/.default, the scope of"
          + " Azure OpenAI.")
  @Size(min = 1, max = 512)
  private String scope;

  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getAuthorityHost() {
    return authorityHost;
  }

  public void setAuthorityHost(String authorityHost) {
    this.authorityHost = authorityHost;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }
}
