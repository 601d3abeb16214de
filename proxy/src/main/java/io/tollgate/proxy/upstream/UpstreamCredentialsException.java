package io.tollgate.proxy.upstream;

/**
 * The gateway could not get the credential a backend's request needs (an Entra ID token, say): the
 * backend is misconfigured, as when a provider refuses its key, so the attempt loop rests it and
 * tries another, and the client gets a 502 saying what failed.
 */
public final class UpstreamCredentialsException extends RuntimeException {

  public UpstreamCredentialsException(String message) {
    super(message, null, false, false);
  }
}
