package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** When a failing backend is taken out of selection, and for how long. */
public class CooldownSpec {

  @JsonPropertyDescription(
      "Failures (of the retryOn kinds) within window that put a backend in cooldown. "
          + "Default 3. A 429, 401 or 403 from the provider puts it in cooldown at once. "
          + "Example: 5")
  @Min(1)
  private Integer failures;

  @JsonPropertyDescription("The window in which failures are counted. Default 60s. Example: 30s")
  @Pattern(Tollgate.DURATION_PATTERN)
  private String window;

  @JsonPropertyDescription(
      "How long a backend rests before one probe request decides whether it returns (a "
          + "429 with a longer Retry-After rests that long). Default 30s. Example: 1m")
  @Pattern(Tollgate.DURATION_PATTERN)
  private String duration;

  public Integer getFailures() {
    return failures;
  }

  public void setFailures(Integer failures) {
    this.failures = failures;
  }

  public String getWindow() {
    return window;
  }

  public void setWindow(String window) {
    this.window = window;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }
}
