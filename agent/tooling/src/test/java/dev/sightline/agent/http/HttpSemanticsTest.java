package dev.sightline.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class HttpSemanticsTest {

  @Test
  void methods() {
    assertEquals("GET", HttpSemantics.method("GET"));
    assertEquals("PATCH", HttpSemantics.method("patch"));
    assertEquals("_OTHER", HttpSemantics.method("PROPFIND"));
    assertEquals("_OTHER", HttpSemantics.method(null));
    assertEquals("QUERY", HttpSemantics.method("query"));
    assertEquals("_OTHER", HttpSemantics.method(""));
  }

  @Test
  void aKnownMethodIsTheSharedConstantNotTheRequestsCopy() {
    String fromTheWire = new String("GET".toCharArray());
    assertSame("GET", HttpSemantics.method(fromTheWire));
    assertSame("POST", HttpSemantics.method(new String("post".toCharArray())));
  }

  @Test
  void serverSpanNamesAreMadeOncePerMethodAndRoute() {
    String first = ServerSpanNames.of("GET", "/api/orders/{id}");
    assertEquals("GET /api/orders/{id}", first);
    assertSame(first, ServerSpanNames.of("GET", new String("/api/orders/{id}".toCharArray())));
    assertEquals("POST /api/orders/{id}", ServerSpanNames.of("POST", "/api/orders/{id}"));
    assertEquals("HTTP /x", ServerSpanNames.of("_OTHER", "/x"));
    assertEquals("GET", ServerSpanNames.of("GET", null));
    assertEquals("HTTP", ServerSpanNames.of("_OTHER", null));
    // Many routes share the table's slots: each name stays right.
    for (int i = 0; i < 2_000; i++) {
      assertEquals("PUT /r" + i, ServerSpanNames.of("PUT", "/r" + i));
    }
  }

  @Test
  void hostHeadersAreParsedAndTheLastOneIsKept() {
    HostAndPort first = HostAndPort.parse("shop.example:8443");
    assertEquals("shop.example", first.host);
    assertEquals(8443, first.port);
    assertSame(first, HostAndPort.parse(new String("shop.example:8443".toCharArray())));
    HostAndPort other = HostAndPort.parse("[::1]:80");
    assertEquals("::1", other.host);
    assertEquals(80, other.port);
    assertEquals(-1, HostAndPort.parse("example").port);
    assertNull(HostAndPort.parse(" "));
    assertNull(HostAndPort.parse("[::1"));
    assertEquals("shop.example", HostAndPort.parse("shop.example:8443").host);
  }

  @Test
  void userInfoIsRedacted() {
    assertEquals(
        "https://REDACTED:REDACTED@example.com:8443/a?b=1",
        HttpSemantics.redactUrl("https://alice:s3cret@example.com:8443/a?b=1#frag"));
    assertEquals("http://REDACTED:REDACTED@h/p", HttpSemantics.redactUrl("http://token@h/p"));
    assertEquals("http://h/p@q", HttpSemantics.redactUrl("http://h/p@q"));
    assertEquals("http://h/", HttpSemantics.redactUrl("http://h/"));
  }

  @Test
  void signedQueryValuesAreRedacted() {
    assertEquals(
        "a=1&Signature=REDACTED&sig=REDACTED&X-Goog-Signature=REDACTED&AWSAccessKeyId=REDACTED&z",
        HttpSemantics.redactQuery("a=1&Signature=abc&sig=def&X-Goog-Signature=ghi&AWSAccessKeyId=AK&z"));
    assertEquals("q=plain", HttpSemantics.redactQuery("q=plain"));
    assertEquals("https://s3/o?X-Amz=1&Signature=REDACTED", HttpSemantics.redactUrl("https://s3/o?X-Amz=1&Signature=xyz"));
  }

  @Test
  void protocolVersions() {
    assertEquals("1.1", HttpSemantics.protocolVersion("HTTP/1.1"));
    assertEquals("2", HttpSemantics.protocolVersion("HTTP/2"));
    assertNull(HttpSemantics.protocolVersion(null));
  }

  @Test
  void hostAndPort() {
    assertEquals("example.com", HostAndPort.parse("example.com:8080").host);
    assertEquals(8080, HostAndPort.parse("example.com:8080").port);
    assertEquals(-1, HostAndPort.parse("example.com").port);
    assertEquals("::1", HostAndPort.parse("[::1]:9000").host);
    assertEquals(9000, HostAndPort.parse("[::1]:9000").port);
    assertEquals(-1, HostAndPort.parse("h:notaport").port);
    assertNull(HostAndPort.parse(""));
    assertNull(HostAndPort.parse("[::1"));
    assertNull(HostAndPort.parse(":80"));
  }
}
