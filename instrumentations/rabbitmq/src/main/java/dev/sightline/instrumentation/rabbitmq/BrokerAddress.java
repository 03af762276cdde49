package dev.sightline.instrumentation.rabbitmq;

import com.rabbitmq.client.Connection;
import java.net.InetAddress;

/**
 * Where a connection goes: the host name it was opened with (or its IP), never looked up in
 * reverse DNS, which could block an application thread.
 */
final class BrokerAddress {

  final String host;
  final String ip;
  final int port;
  private final String dependencyName;

  private BrokerAddress(String host, String ip, int port) {
    this.host = host;
    this.ip = ip;
    this.port = port;
    this.dependencyName = host + ':' + port;
  }

  /** The broker of {@code connection}, or null when it cannot tell. */
  static BrokerAddress of(Connection connection) {
    if (connection == null) {
      return null;
    }
    InetAddress address = connection.getAddress();
    if (address == null) {
      return null;
    }
    // "name/ip" with an empty name when the address was given as an IP: no lookup either way.
    String text = address.toString();
    int slash = text.indexOf('/');
    String ip = address.getHostAddress();
    String host = slash > 0 ? text.substring(0, slash) : ip;
    return new BrokerAddress(host, ip, connection.getPort());
  }

  /** The /health dependency name, {@code host:port}. */
  String dependencyName() {
    return dependencyName;
  }
}
