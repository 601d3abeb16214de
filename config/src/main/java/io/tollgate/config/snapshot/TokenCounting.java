package io.tollgate.config.snapshot;

/** Which tokens a tokens-per-minute limit counts. */
public enum TokenCounting {
  TOTAL,
  INPUT,
  OUTPUT
}
