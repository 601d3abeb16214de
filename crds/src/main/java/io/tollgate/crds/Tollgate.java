package io.tollgate.crds;

/** The API group and version every Tollgate custom resource belongs to. */
public final class Tollgate {

  public static final String GROUP = "tollgate.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Durations in resources: a number and a unit, ms, s, m or h. Example: 250ms, 30s, 2m. */
  public static final String DURATION_PATTERN = "^[0-9]+(ms|s|m|h)$";

  /** Routing strategies among a route's backends. */
  public static final String STRATEGY_PATTERN = "^(weighted|priority|least-busy|latency|cost)$";

  /** Which tokens a tokens-per-minute limit counts. */
  public static final String TOKEN_COUNTING_PATTERN = "^(total|input|output)$";

  /** What a limit or budget does while the usage store cannot answer. */
  public static final String STORE_FAILURE_PATTERN = "^(fail-open|fail-closed)$";

  /** A time of day on a 24-hour clock, HH:MM. */
  public static final String TIME_OF_DAY_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

  /** The calendar periods a budget resets on. */
  public static final String BUDGET_PERIOD_PATTERN = "^(daily|weekly|monthly)$";

  /** Whether a spent budget refuses requests (hard) or only alerts (soft). */
  public static final String ENFORCEMENT_PATTERN = "^(hard|soft)$";

  /** SageMaker container payloads. */
  public static final String SAGEMAKER_PAYLOAD_PATTERN = "^(openai-chat|tgi)$";

  /** Prompt formats for TGI-native payloads. */
  public static final String PROMPT_FORMAT_PATTERN = "^(chatml|llama3|llama2|mistral|plain)$";

  /** SageMaker endpoint, variant, inference component and container host names. */
  public static final String SAGEMAKER_NAME_PATTERN = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$";

  private Tollgate() {}
}
