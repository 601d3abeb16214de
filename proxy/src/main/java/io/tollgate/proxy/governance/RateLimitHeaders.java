package io.tollgate.proxy.governance;

import io.tollgate.governance.Admission;
import io.tollgate.governance.BudgetMeter;
import io.tollgate.governance.Measure;
import io.tollgate.governance.MeterReading;
import io.tollgate.governance.RateMeter;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * OpenAI's rate-limit headers ({@code x-ratelimit-limit-requests}, {@code
 * x-ratelimit-remaining-tokens}, {@code x-ratelimit-reset-requests}…) from the tightest request and
 * token meters of an admission, plus {@code x-tollgate-budget-remaining-usd} from the tightest
 * budget.
 */
final class RateLimitHeaders {

  // Names made once, in Netty's ASCII form, so writing them per request builds no strings.
  private static final Names REQUESTS = new Names("requests");
  private static final Names TOKENS = new Names("tokens");
  private static final CharSequence BUDGET_REMAINING =
      HttpHeaders.createOptimized("x-tollgate-budget-remaining-usd");

  private record Names(CharSequence limit, CharSequence remaining, CharSequence reset) {
    Names(String what) {
      this(
          HttpHeaders.createOptimized("x-ratelimit-limit-" + what),
          HttpHeaders.createOptimized("x-ratelimit-remaining-" + what),
          HttpHeaders.createOptimized("x-ratelimit-reset-" + what));
    }
  }

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
      put(headers, REQUESTS, requests, nowMillis);
    }
    if (tokens != null) {
      put(headers, TOKENS, tokens, nowMillis);
    }
    if (budget != null) {
      headers.set(BUDGET_REMAINING, Dollars.format(budget.remaining()));
    }
  }

  private static MeterReading tighter(MeterReading current, MeterReading candidate) {
    return current == null || candidate.remaining() < current.remaining() ? candidate : current;
  }

  private static void put(MultiMap headers, Names names, MeterReading reading, long nowMillis) {
    headers.set(names.limit(), Long.toString(reading.limit()));
    headers.set(names.remaining(), Long.toString(reading.remaining()));
    headers.set(names.reset(), duration(reading.resetAtMillis() - nowMillis));
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
