package io.tollgate.governance;

import java.util.List;

/** The outcome of settling a reservation: the alert thresholds it made spend cross. */
public record Settlement(List<CrossedThreshold> crossed) {

  public static final Settlement NONE = new Settlement(List.of());

  public Settlement {
    crossed = List.copyOf(crossed);
  }
}
