package dev.sightline.apps.servlet.javax;

import dev.sightline.apps.servlet.Downstream;
import javax.servlet.AsyncContext;
import javax.servlet.DispatcherType;
import javax.servlet.FilterChain;
import javax.servlet.FilterRegistration;
import javax.servlet.ServletContainerInitializer;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import javax.servlet.ServletRegistration;
import javax.servlet.http.HttpFilter;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The app's filter and servlets on the javax.servlet API (Jetty ee8, Tomcat 9). */
public final class JavaxRoutes implements ServletContainerInitializer {

  static final long ASYNC_DELAY_MILLIS = 300;
  private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "servlet-app-async");
    thread.setDaemon(true);
    return thread;
  });

  private final Downstream downstream;

  public JavaxRoutes(Downstream downstream) {
    this.downstream = downstream;
  }

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    FilterRegistration.Dynamic guard = context.addFilter("guard", new Guard());
    guard.setAsyncSupported(true);
    guard.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    add(context, "hello", new Text("hello"), "/hello");
    add(context, "orders", new Orders(), "/orders/*");
    add(context, "forward", new Forward(), "/forward");
    add(context, "redirect", new Redirect(), "/redirect");
    add(context, "async", new Async(), "/async");
    add(context, "fail", new Fail(), "/fail");
    add(context, "call", new Call(downstream), "/call/*");
  }

  private static void add(ServletContext context, String name, HttpServlet servlet, String pattern) {
    ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
    registration.setAsyncSupported(true);
    registration.addMapping(pattern);
  }

  /** Rejects requests that ask for it ({@code ?deny}) before any servlet runs. */
  static final class Guard extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      if (request.getParameter("deny") != null) {
        response.sendError(403, "denied");
        return;
      }
      chain.doFilter(request, response);
    }
  }

  static final class Text extends HttpServlet {
    private final String body;

    Text(String body) {
      this.body = body;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.getWriter().write(body);
    }
  }

  static final class Orders extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.getWriter().write("order " + request.getPathInfo().substring(1));
    }
  }

  static final class Forward extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
      request.getRequestDispatcher("/hello").forward(request, response);
    }
  }

  static final class Redirect extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.sendRedirect(request.getContextPath() + "/hello");
    }
  }

  /** Completes from another thread after a delay. */
  static final class Async extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      AsyncContext async = request.startAsync();
      LATER.schedule(() -> {
        try {
          async.getResponse().setContentType("text/plain");
          async.getResponse().getWriter().write("async done");
        } catch (IOException e) {
          e.printStackTrace();
        } finally {
          async.complete();
        }
      }, ASYNC_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  static final class Fail extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      throw new IllegalStateException("the failing servlet failed");
    }
  }

  /**
   * {@code /call/apache}, {@code /call/apache-async}, {@code /call/okhttp}, {@code /call/okhttp-async}:
   * GETs {@code ?path=} downstream.
   */
  static final class Call extends HttpServlet {
    private final Downstream downstream;

    Call(Downstream downstream) {
      this.downstream = downstream;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String path = request.getParameter("path") == null ? "/hello" : request.getParameter("path");
      response.setContentType("text/plain");
      switch (String.valueOf(request.getPathInfo())) {
        case "/apache" -> response.getWriter().write(downstream.viaApache(path));
        case "/apache-async" -> response.getWriter().write(downstream.viaApacheAsync(path));
        case "/okhttp" -> response.getWriter().write(downstream.viaOkHttp(path));
        case "/okhttp-async" -> {
          AsyncContext async = request.startAsync();
          downstream.viaOkHttpAsync(path, (outcome, failure) -> {
            try {
              if (failure != null) {
                ((HttpServletResponse) async.getResponse()).setStatus(502);
              }
              async.getResponse().getWriter().write(failure != null ? failure.toString() : outcome);
            } catch (IOException e) {
              e.printStackTrace();
            } finally {
              async.complete();
            }
          });
        }
        default -> response.sendError(404);
      }
    }
  }
}
