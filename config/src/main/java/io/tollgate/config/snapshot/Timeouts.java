package io.tollgate.config.snapshot;

import java.time.Duration;

/**
 * A route's time limits; a null limit is not set (the proxy's own idle timeout still applies).
 *
 * @param request the whole request, retries and streaming included
 * @param firstToken from sending an attempt to its first streamed chunk
 * @param idle silence from the upstream within an attempt
 */
public record Timeouts(Duration request, Duration firstToken, Duration idle) {

  public static final Timeouts NONE = new Timeouts(null, null, null);
}
