package io.tollgate.proxy.governance;

import io.tollgate.governance.Admission;
import io.tollgate.governance.BudgetMeter;
import io.tollgate.governance.Measure;
import io.tollgate.governance.MeterReading;
import io.tollgate.governance.RateMeter;
import io.vertx.core.MultiMap;

/**
 * OpenAI's rate-limit headers ({@code x-ratelimit-limit-requests}, {@code
 * x-ratelimit-remaining-tokens}, {@code x-ratelimit-reset-requests}…) from the tightest request and
 * token meters of an admission, plus {@code x-tollgate-budget-remaining-usd} from the tightest
 * budget.
 */
final class RateLimitHeaders {

  private RateLimitHeaders() {}

  static void write(Admission admission, long nowMillis, MultiMap headers) {
    MeterReading requests = null;
    MeterReading tokens = null;
    MeterReading budget = null;
    for (MeterReading reading : admission.readings()) {
      if (reading.meter() instanceof RateMeter rate) {
        if (rate.measure() == Measure.REQUESTS) {
          requests = tighter(requests, reading);
        } else {
          tokens = tighter(tokens, reading);
        }
      } else if (reading.meter() instanceof BudgetMeter) {
        budget = tighter(budget, reading);
      }
    }
    if (requests != null) {
      put(headers, "requests", requests, nowMillis);
    }
    if (tokens != null) {
      put(headers, "tokens", tokens, nowMillis);
    }
    if (budget != null) {
      headers.set("x-tollgate-budget-remaining-usd", Dollars.format(budget.remaining()));
    }
  }

  private static MeterReading tighter(MeterReading current, MeterReading candidate) {
    return current == null || candidate.remaining() < current.remaining() ? candidate : current;
  }

  private static void put(MultiMap headers, String what, MeterReading reading, long nowMillis) {
    headers.set("x-ratelimit-limit-" + what, Long.toString(reading.limit()));
    headers.set("x-ratelimit-remaining-" + what, Long.toString(reading.remaining()));
    headers.set("x-ratelimit-reset-" + what, duration(reading.resetAtMillis() - nowMillis));
  }

  /** OpenAI's style: {@code 250ms}, {@code 12s}, {@code 1m30s}. */
  static String duration(long millis) {
    if (millis < 1000) {
      return Math.max(0, millis) + "ms";
    }
    long seconds = (millis + 999) / 1000;
    return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + seconds % 60 + "s";
  }
}
