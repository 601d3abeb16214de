package io.tollgate.proxy.openai;

/** A client request the gateway refuses with a 400 before any upstream call. */
public final class InvalidRequestException extends RuntimeException {

  private final String param;
  private final String code;

  public InvalidRequestException(String message, String param) {
    this(message, param, null);
  }

  public InvalidRequestException(String message, String param, String code) {
    super(message, null, false, false);
    this.param = param;
    this.code = code;
  }

  public String param() {
    return param;
  }

  public String code() {
    return code;
  }
}
