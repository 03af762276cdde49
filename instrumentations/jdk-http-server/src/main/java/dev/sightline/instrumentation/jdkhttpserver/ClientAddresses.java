package dev.sightline.instrumentation.jdkhttpserver;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The client's address as text ({@code client.address}). The JDK formats an address anew on every
 * call; requests mostly come from the same few peers (a proxy, a load balancer), so the text of
 * the last one is kept.
 */
final class ClientAddresses {

  private static volatile Text last;

  private ClientAddresses() {}

  static String text(InetSocketAddress remote) {
    InetAddress address = remote.getAddress();
    if (address == null) {
      return remote.getHostString();
    }
    Text previous = last;
    if (previous != null && previous.address.equals(address)) {
      return previous.text;
    }
    String text = address.getHostAddress();
    last = new Text(address, text);
    return text;
  }

  private static final class Text {
    final InetAddress address;
    final String text;

    Text(InetAddress address, String text) {
      this.address = address;
      this.text = text;
    }
  }
}
