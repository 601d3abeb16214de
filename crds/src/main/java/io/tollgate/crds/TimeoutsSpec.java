package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Time limits on a route's upstream calls; a call that passes one is cancelled. */
public class TimeoutsSpec {

  @JsonPropertyDescription(
      "Longest a whole request may take, retries and streaming included; past it the "
          + "client gets 504 (or, mid-stream, an error event). Default none (the proxy's idle "
          + "timeout still applies). Example: 120s")
  @Pattern(Tollgate.DURATION_PATTERN)
  private String request;

  @JsonPropertyDescription(
      "Longest wait for the first streamed chunk of an attempt; an attempt that passes "
          + "it is cancelled and retried, since nothing has reached the client yet. Streams "
          + "only. Example: 10s")
  @Pattern(Tollgate.DURATION_PATTERN)
  private String firstToken;

  @JsonPropertyDescription(
      "Longest silence from the upstream during an attempt (before the response, or "
          + "between stream chunks). Default: the proxy's tollgate.upstream.idle-timeout. "
          + "Example: 30s")
  @Pattern(Tollgate.DURATION_PATTERN)
  private String idle;

  public String getRequest() {
    return request;
  }

  public void setRequest(String request) {
    this.request = request;
  }

  public String getFirstToken() {
    return firstToken;
  }

  public void setFirstToken(String firstToken) {
    this.firstToken = firstToken;
  }

  public String getIdle() {
    return idle;
  }

  public void setIdle(String idle) {
    this.idle = idle;
  }
}
