package dev.sightline.apps.war;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The webapp's servlets: JSON answers, the {@link WarApp} of their deployment. */
abstract class AppServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private transient WarApp app;

  @Override
  public void init() throws ServletException {
    app = (WarApp) getServletContext().getAttribute(WarApp.ATTRIBUTE);
    if (app == null) {
      throw new ServletException("war-app did not start; see the container log");
    }
  }

  WarApp app() {
    return app;
  }

  static void respond(HttpServletResponse response, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static int intParameter(HttpServletRequest request, String name, int fallback) {
    try {
      String value = request.getParameter(name);
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
