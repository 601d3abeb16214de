package io.tollgate.config.snapshot;

import java.util.regex.Pattern;

/**
 * How a backend of an AWS provider (see {@link Provider#aws()}) reaches its account: the region it
 * calls and, optionally, the IAM role the proxy assumes first. The credentials themselves are the
 * proxy's own (IRSA, EKS Pod Identity, environment, profile) and never part of the snapshot.
 *
 * @param region the AWS region, e.g. {@code us-east-1}
 * @param roleArn the role assumed through STS before each credential refresh, or null to use the
 *     proxy's own identity
 */
public record AwsAccess(String region, String roleArn) {

  /** Region codes: {@code us-east-1}, {@code us-gov-west-1}, {@code ap-southeast-4}, … */
  public static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

  /** An IAM role ARN in any partition, e.g. {@code arn:aws:iam::123456789012:role/tollgate}. */
  public static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");

  public AwsAccess {
    if (region == null || !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("region must be an AWS region code: " + region);
    }
    if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
      throw new IllegalArgumentException("roleArn must be an IAM role ARN: " + roleArn);
    }
  }
}
