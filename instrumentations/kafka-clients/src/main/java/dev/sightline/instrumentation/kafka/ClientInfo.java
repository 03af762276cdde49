package dev.sightline.instrumentation.kafka;

/** What the spans and metrics need to know about one producer or consumer. */
final class ClientInfo {

  final String clientId;
  /** The consumer's group; null for producers and for consumers without a group. */
  final String groupId;
  /** The bootstrap servers as configured (comma-separated), or null when unknown. */
  final String cluster;
  final String serverAddress;
  final int serverPort;

  ClientInfo(String clientId, String groupId, String cluster, String serverAddress, int serverPort) {
    this.clientId = clientId;
    this.groupId = groupId;
    this.cluster = cluster;
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
  }
}
