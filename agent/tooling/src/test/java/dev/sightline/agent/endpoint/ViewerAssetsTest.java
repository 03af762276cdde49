package dev.sightline.agent.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page's promises that can be read off its files: small, offline, no inline code, data only as text. */
class ViewerAssetsTest {

  private static String serve(String route, Map<String, String> headers) {
    EndpointExchange exchange = new EndpointExchange("GET", route, null, Map.of());
    new ViewerAssets().serve(route, exchange);
    assertEquals(200, exchange.status());
    headers.putAll(exchange.responseHeaders());
    return new String(exchange.body(), StandardCharsets.UTF_8);
  }

  @Test
  void thePageIsSmallSelfContainedAndStrict() {
    int total = 0;
    for (String route : ViewerAssets.ROUTES) {
      Map<String, String> headers = new java.util.HashMap<>();
      String text = serve(route, headers);
      total += text.getBytes(StandardCharsets.UTF_8).length;
      assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//").matcher(text).find(), route + " loads nothing from elsewhere");
      assertFalse(text.contains("@import") || text.contains("url(http"), route);
      assertTrue(headers.get("Content-Security-Policy").contains("script-src 'self'"), headers.toString());
      assertEquals("DENY", headers.get("X-Frame-Options"));
    }
    assertTrue(total < 64 * 1024, "tens of KB: " + total);
    String html = serve("/", new java.util.HashMap<>());
    assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), "no inline script");
    assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), "no inline event handlers");
    String script = serve("/viewer.js", new java.util.HashMap<>());
    assertFalse(script.contains("innerHTML") || script.contains("outerHTML") || script.contains("insertAdjacentHTML")
        || script.contains("document.write") || script.contains("eval("), "data goes in as text only");
  }
}
