package io.tollgate.fakes;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a request to an AWS fake was authenticated, read from its headers. SigV4 is checked for its
 * form (algorithm, credential scope, signed headers, a 64-hex signature and a matching {@code
 * x-amz-date}), not recomputed: the fakes do not know the caller's secret key.
 *
 * @param kind the scheme found
 * @param accessKeyId the SigV4 access key id, or null
 * @param region the SigV4 scope's region, or null
 * @param service the SigV4 scope's signing name ({@code bedrock}, {@code sagemaker}), or null
 * @param signedHeaders the SigV4 signed header names, or an empty list
 * @param bearerToken the bearer token, or null
 */
public record AwsAuth(
    Kind kind,
    String accessKeyId,
    String region,
    String service,
    List<String> signedHeaders,
    String bearerToken) {

  /** The authentication schemes the AWS fakes tell apart. */
  public enum Kind {
    /** {@code Authorization: AWS4-HMAC-SHA256 ...} of a valid form, with {@code x-amz-date}. */
    SIGV4,
    /** {@code Authorization: Bearer <token>}, as sent with Bedrock API keys. */
    BEARER,
    /** No {@code Authorization} header. */
    NONE,
    /** Anything else, including a malformed SigV4 header. */
    MALFORMED
  }

  private static final Pattern SIGV4 =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,"
              + "\\s*SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})");
  private static final Pattern AMZ_DATE = Pattern.compile("(\\d{8})T\\d{6}Z");

  /** Reads the scheme from a recorded request's headers. */
  public static AwsAuth of(RecordedRequest request) {
    return of(request.header("authorization"), request.header("x-amz-date"));
  }

  static AwsAuth of(String authorization, String amzDate) {
    if (authorization == null || authorization.isBlank()) {
      return new AwsAuth(Kind.NONE, null, null, null, List.of(), null);
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new AwsAuth(Kind.BEARER, null, null, null, List.of(), authorization.substring(7));
    }
    Matcher m = SIGV4.matcher(authorization);
    Matcher date = amzDate == null ? null : AMZ_DATE.matcher(amzDate);
    if (!m.matches() || date == null || !date.matches() || !date.group(1).equals(m.group(2))) {
      return new AwsAuth(Kind.MALFORMED, null, null, null, List.of(), null);
    }
    List<String> signed = List.of(m.group(5).split(";"));
    if (!signed.contains("host") || !signed.contains("x-amz-date")) {
      return new AwsAuth(Kind.MALFORMED, null, null, null, List.of(), null);
    }
    return new AwsAuth(Kind.SIGV4, m.group(1), m.group(3), m.group(4), signed, null);
  }

  /**
   * Whether the AWS fake accepts this request: with no expectations anything passes; otherwise a
   * SigV4 signature for {@code service} passes when SigV4 is required, and the expected bearer
   * token passes when one is set.
   */
  boolean accepted(String service, boolean requireSigV4, String expectedBearer) {
    if (!requireSigV4 && expectedBearer == null) {
      return true;
    }
    boolean sigOk = requireSigV4 && kind == Kind.SIGV4 && service.equals(this.service);
    boolean bearerOk =
        expectedBearer != null && kind == Kind.BEARER && expectedBearer.equals(bearerToken);
    return sigOk || bearerOk;
  }
}
