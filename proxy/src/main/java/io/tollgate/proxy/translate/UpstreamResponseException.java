package io.tollgate.proxy.translate;

/**
 * An upstream answer that cannot be expressed in the client's schema (for example tool arguments
 * that are not JSON); carries the error to send the client, already in its shape.
 */
public final class UpstreamResponseException extends RuntimeException {

  private final transient TranslatedError error;

  public UpstreamResponseException(TranslatedError error) {
    super(error.body().path("error").path("message").asText());
    this.error = error;
  }

  public TranslatedError error() {
    return error;
  }
}
