package io.tollgate.proxy.translate;

/**
 * A client request the backend cannot honour faithfully: rendered as a 400 in the client's own
 * error shape, naming the parameter, instead of a silently different answer.
 */
public final class TranslationException extends RuntimeException {

  private final String param;

  /**
   * @param param the offending request field as a path, e.g. {@code messages[2].content[0].type}
   */
  public TranslationException(String param, String message) {
    super(message);
    this.param = param;
  }

  /** The offending request field as a path. */
  public String param() {
    return param;
  }

  /** HTTP status for the client: always 400, the request itself is what cannot be served. */
  public int status() {
    return 400;
  }

  static TranslationException unsupported(String param, String backend) {
    return new TranslationException(
        param,
        "The parameter '"
            + param
            + "' is not supported when the model is served by "
            + backend
            + ".");
  }
}
