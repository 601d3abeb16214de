package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A time-of-day window whose limits replace the base ones while it is active. */
@ValidationRule(
    value = "self.start != self.end",
    message = "start and end must differ; a window from 22:00 to 06:00 runs past midnight")
@ValidationRule(
    value =
        "has(self.requestsPerMinute) || has(self.tokensPerMinute)"
            + " || has(self.maxParallelRequests)",
    message =
        "a window sets at least one of requestsPerMinute, tokensPerMinute,"
            + " maxParallelRequests")
public class LimitWindowSpec {

  public static final String DEFAULT_TIME_ZONE = "UTC";

  @JsonPropertyDescription(
      "The days the window starts on, as names (Mon or Monday, any case). Omit for every day."
          + " Example: [Sat, Sun]")
  @Size(max = 7)
  private List<String> days;

  @JsonPropertyDescription(
      "When the window starts, HH:MM on a 24-hour clock in timeZone. Example: \"09:00\"")
  @Required
  @Pattern(Tollgate.TIME_OF_DAY_PATTERN)
  private String start;

  @JsonPropertyDescription(
      "When the window ends (exclusive), HH:MM. An end not after the start runs past midnight"
          + " into the next day. Example: \"17:30\"")
  @Required
  @Pattern(Tollgate.TIME_OF_DAY_PATTERN)
  private String end;

  @JsonPropertyDescription(
      "IANA time zone of start, end and days. Defaults to UTC. Example: Europe/Berlin")
  @Default(DEFAULT_TIME_ZONE)
  private String timeZone;

  @JsonPropertyDescription(
      "Requests per minute during the window; 0 refuses every request. Example: 10")
  @Min(0)
  private Long requestsPerMinute;

  @JsonPropertyDescription("Tokens per minute during the window. Example: 20000")
  @Min(0)
  private Long tokensPerMinute;

  @JsonPropertyDescription("Requests in flight at once during the window. Example: 2")
  @Min(0)
  private Integer maxParallelRequests;

  public List<String> getDays() {
    return days;
  }

  public void setDays(List<String> days) {
    this.days = days;
  }

  public String getStart() {
    return start;
  }

  public void setStart(String start) {
    this.start = start;
  }

  public String getEnd() {
    return end;
  }

  public void setEnd(String end) {
    this.end = end;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public Long getRequestsPerMinute() {
    return requestsPerMinute;
  }

  public void setRequestsPerMinute(Long requestsPerMinute) {
    this.requestsPerMinute = requestsPerMinute;
  }

  public Long getTokensPerMinute() {
    return tokensPerMinute;
  }

  public void setTokensPerMinute(Long tokensPerMinute) {
    this.tokensPerMinute = tokensPerMinute;
  }

  public Integer getMaxParallelRequests() {
    return maxParallelRequests;
  }

  public void setMaxParallelRequests(Integer maxParallelRequests) {
    this.maxParallelRequests = maxParallelRequests;
  }
}
