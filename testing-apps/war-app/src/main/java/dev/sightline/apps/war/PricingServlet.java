package dev.sightline.apps.war;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;

/** {@code GET /pricing?product=book&quantity=2}: the order's total; 404 for an unknown product. */
public final class PricingServlet extends AppServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String product = request.getParameter("product");
    int quantity = intParameter(request, "quantity", 1);
    BigDecimal unit = product == null ? null : Catalog.PRICES.get(product);
    if (unit == null) {
      respond(response, 404, Json.error("unknown product " + product));
      return;
    }
    if (quantity < 1) {
      respond(response, 400, Json.error("bad quantity"));
      return;
    }
    BigDecimal total = unit.multiply(BigDecimal.valueOf(quantity));
    respond(response, 200, Json.object(Map.of("product", product, "quantity", quantity, "total", total.toPlainString())));
  }
}
