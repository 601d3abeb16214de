package io.tollgate.operator.fleet;

/**
 * What one proxy pod said about the snapshot it serves.
 *
 * @param pod the pod name
 * @param version the snapshot version it serves, or -1 when unknown (unreachable, none loaded)
 * @param checksum the checksum it serves, or null
 * @param problem why the version is unknown, or null
 */
public record ProxyReport(String pod, long version, String checksum, String problem) {}
