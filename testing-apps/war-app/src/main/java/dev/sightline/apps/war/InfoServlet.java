package dev.sightline.apps.war;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /info}: this deployment's names, its kafka-clients version and its container. */
public final class InfoServlet extends AppServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    respond(response, 200, Json.object(app().info()));
  }
}
