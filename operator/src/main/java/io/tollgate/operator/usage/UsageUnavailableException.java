package io.tollgate.operator.usage;

/** The shared usage store could not be read in time; the message says why, without secrets. */
public final class UsageUnavailableException extends Exception {

  public UsageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
