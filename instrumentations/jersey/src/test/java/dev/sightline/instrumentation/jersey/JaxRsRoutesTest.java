package dev.sightline.instrumentation.jersey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class JaxRsRoutesTest {

  @Test
  void classThenMethodTemplatesUnderTheBasePath() {
    assertEquals("/things/{id}", JaxRsRoutes.route("/", new String[] {"/{id}", "/things"}));
    assertEquals("/shop/api/things/{id}", JaxRsRoutes.route("/shop/api/", new String[] {"{id}/", "things"}));
  }

  @Test
  void aResourceWithoutMethodPathIsItsClassTemplate() {
    assertEquals("/things", JaxRsRoutes.route(null, new String[] {"", "/things/"}));
    assertEquals("/", JaxRsRoutes.route("/", new String[] {"/"}));
  }

  @Test
  void nothingMatchedIsNoRoute() {
    assertNull(JaxRsRoutes.route("/", new String[0]));
    assertNull(JaxRsRoutes.route("/", null));
  }
}
