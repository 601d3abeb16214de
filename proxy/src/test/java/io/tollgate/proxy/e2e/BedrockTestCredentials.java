package io.tollgate.proxy.e2e;

import java.util.HashMap;
import java.util.Map;

/**
 * Static AWS credentials for the gateway under test, through the system properties the AWS SDK's
 * default credential chain reads first. Suites with SigV4-signed Bedrock backends install them
 * before and remove them after, so no other suite (and no developer's own AWS profile) is affected.
 */
final class BedrockTestCredentials {

  static final String ACCESS_KEY_ID = "AKIDTOLLGATETEST";

  private static final Map<String, String> PROPERTIES =
      Map.of(
          "aws.accessKeyId",
          ACCESS_KEY_ID,
          "aws.secretAccessKey",
          "tollgate-test-secret-key-not-real");
  private static final Map<String, String> previous = new HashMap<>();

  private BedrockTestCredentials() {}

  static synchronized void install() {
    PROPERTIES.forEach(
        (name, value) -> {
          previous.put(name, System.getProperty(name));
          System.setProperty(name, value);
        });
  }

  static synchronized void remove() {
    previous.forEach(
        (name, value) -> {
          if (value == null) {
            System.clearProperty(name);
          } else {
            System.setProperty(name, value);
          }
        });
    previous.clear();
  }
}
