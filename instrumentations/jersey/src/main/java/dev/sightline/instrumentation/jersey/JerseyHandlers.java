package dev.sightline.instrumentation.jersey;

import dev.sightline.agent.http.HttpServerTracer;
import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import java.net.URI;
import java.util.List;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.internal.process.RequestProcessingContext;
import org.glassfish.jersey.uri.UriTemplate;

/** The route of a matched resource method, handed to the server span of the request. */
final class JerseyHandlers implements LibraryHandlers {

  private final Handler route =
      new Handler() {
        @Override
        public Object enter(Object context, Object unused) {
          HttpServerTracer.Call call = HttpServerTracer.current();
          if (call == null || !(context instanceof RequestProcessingContext)) {
            return null;
          }
          ContainerRequest request = ((RequestProcessingContext) context).request();
          URI base = request.getBaseUri();
          call.frameworkRoute(JaxRsRoutes.route(base == null ? null : base.getPath(), templates(request)));
          return null;
        }
      };

  JerseyHandlers(Telemetry telemetry) {}

  private static String[] templates(ContainerRequest request) {
    List<UriTemplate> matched = request.getUriInfo().getMatchedTemplates();
    String[] templates = new String[matched.size()];
    for (int i = 0; i < templates.length; i++) {
      templates[i] = matched.get(i).getTemplate();
    }
    return templates;
  }

  @Override
  public Handler handler(int slot) {
    return slot == Handlers.JAXRS_ROUTE ? route : null;
  }
}
