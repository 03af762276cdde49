package dev.sightline.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.http.ServerLifecycleHandler;
import dev.sightline.agent.http.ServerOpenedAdvice;
import dev.sightline.agent.http.ServerStartedAdvice;
import dev.sightline.agent.http.ServerStoppedAdvice;
import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.Library;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;
import java.util.Arrays;
import java.util.List;

/**
 * Servlet containers: one SERVER span per request for {@code jakarta.servlet} and
 * {@code javax.servlet}, and the container's start and stop for /ready.
 *
 * <p>The span belongs to the outermost of the request's filters and servlets: the first filter
 * (which may reject the request), else the servlet (including a container's own 404 servlet).
 * Forwards and includes nest inside it on the same thread; async and error re-dispatches find
 * the request attribute and add nothing. Tomcat answers a request no servlet maps, and renders
 * its error pages, outside any servlet, so its host valve is woven too: it is the outermost
 * place that already sees a mapped {@code HttpServletRequest}.
 */
public final class ServletInstrumentation implements InstrumentationModule {

  static final Library JAKARTA = servletApi("jakarta", Handlers.SERVLET_SERVICE);
  static final Library JAVAX = servletApi("javax", Handlers.SERVLET_JAVAX_SERVICE);

  /** Servlet 4.0 and later (the request's mapping is where routes come from). */
  private static Library servletApi(String api, int serviceSlot) {
    String handlers = ServletInstrumentation.class.getPackage().getName() + "."
        + (api.equals("jakarta") ? "JakartaHandlers" : "JavaxHandlers");
    return Library.of(
            api + ".servlet", api + ".servlet.Servlet", handlers, serviceSlot, Handlers.SERVLET_HOST_VALVE, Handlers.SERVLET_ROUTE)
        .requires(api + ".servlet.http.HttpServletRequest", "getHttpServletMapping", "getAsyncContext", "isAsyncStarted")
        .requires(api + ".servlet.http.HttpServletMapping", "getMappingMatch", "getPattern")
        .requires(api + ".servlet.AsyncListener")
        .requires(api + ".servlet.http.HttpServletResponse", "getStatus", "isCommitted");
  }

  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    Handlers.register(Handlers.SERVER_LIFECYCLE, new ServerLifecycleHandler(telemetry.readiness()));
  }

  @Override
  public List<Library> libraries() {
    return Arrays.asList(JAKARTA, JAVAX);
  }

  @Override
  public List<TypeTransform> transforms() {
    return Arrays.asList(
        servlets(JAKARTA, JakartaServiceAdvice.class.getName()),
        filters(JAKARTA, JakartaServiceAdvice.class.getName()),
        servlets(JAVAX, JavaxServiceAdvice.class.getName()),
        filters(JAVAX, JavaxServiceAdvice.class.getName()),
        TypeTransform.forType("org.apache.catalina.core.StandardHostValve")
            .advise(named("invoke").and(takesArguments(2)), HostValveAdvice.class.getName()),
        TypeTransform.forType("org.eclipse.jetty.server.Server")
            .advise(isConstructor(), ServerOpenedAdvice.class.getName())
            .advise(named("doStart").and(takesArguments(0)), ServerStartedAdvice.class.getName())
            .advise(named("doStop").and(takesArguments(0)), ServerStoppedAdvice.class.getName()),
        TypeTransform.forType("org.apache.catalina.connector.Connector")
            .advise(isConstructor(), ServerOpenedAdvice.class.getName())
            .advise(named("startInternal").and(takesArguments(0)), ServerStartedAdvice.class.getName())
            .advise(named("stopInternal").and(takesArguments(0)), ServerStoppedAdvice.class.getName()));
  }

  private static TypeTransform servlets(Library library, String advice) {
    String api = apiPackage(library);
    return TypeTransform.forTypes(not(isInterface()).and(hasSuperType(named(api + ".Servlet"))))
        .library(library)
        .advise(
            named("service")
                .and(takesArguments(2))
                .and(takesArgument(0, named(api + ".ServletRequest")))
                .and(takesArgument(1, named(api + ".ServletResponse")))
                .and(not(isAbstract())),
            advice);
  }

  private static TypeTransform filters(Library library, String advice) {
    String api = apiPackage(library);
    return TypeTransform.forTypes(not(isInterface()).and(hasSuperType(named(api + ".Filter"))))
        .library(library)
        .advise(
            named("doFilter")
                .and(takesArguments(3))
                .and(takesArgument(0, named(api + ".ServletRequest")))
                .and(takesArgument(1, named(api + ".ServletResponse")))
                .and(not(isAbstract())),
            advice);
  }

  /** {@code jakarta.servlet} or {@code javax.servlet}. */
  private static String apiPackage(Library library) {
    return library.anchorClass().substring(0, library.anchorClass().lastIndexOf('.'));
  }
}
