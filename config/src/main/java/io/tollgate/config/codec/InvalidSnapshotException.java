package io.tollgate.config.codec;

/** A snapshot payload that cannot be served; the message never contains a credential. */
public final class InvalidSnapshotException extends RuntimeException {

  public InvalidSnapshotException(String message) {
    super(message);
  }
}
