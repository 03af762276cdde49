package dev.sightline.apps.war;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** {@code GET /inventory?product=book&quantity=2}: whether that many are in stock (up to 100 of each). */
public final class InventoryServlet extends AppServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String product = request.getParameter("product");
    int quantity = intParameter(request, "quantity", 1);
    if (product == null || !Catalog.PRICES.containsKey(product)) {
      respond(response, 404, Json.error("unknown product " + product));
      return;
    }
    boolean available = quantity >= 1 && quantity <= 100;
    respond(response, available ? 200 : 409,
        Json.object(Map.of("product", product, "quantity", quantity, "available", available)));
  }
}
