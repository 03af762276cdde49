package dev.sightline.apps.servlet;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads OkHttp and Apache HttpClient 5 in a class loader that, like an OSGi bundle's or a JBoss
 * module's, delegates only the JDK's packages to the JDK and refuses everything else that is not
 * in its own jars, the agent's bootstrap package included. A JDK HttpServer answers the calls.
 *
 * <p>Usage: {@code ModuleSystemApp <port> <jar or dir>:<jar or dir>...} (the bundle's class
 * path); {@code GET /call} makes one OkHttp and one HttpClient call to {@code /hello}.
 */
public final class ModuleSystemApp {

  private ModuleSystemApp() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    ClassLoader bundle = new BundleLikeClassLoader(urls(args[1]));
    Class<?> downstream = bundle.loadClass(Downstream.class.getName());
    java.lang.reflect.Constructor<?> constructor = downstream.getDeclaredConstructor(String.class);
    constructor.setAccessible(true);
    Object client = constructor.newInstance("http://127.0.0.1:" + port);
    Method viaOkHttp = downstream.getMethod("viaOkHttp", String.class);
    Method viaApache = downstream.getMethod("viaApache", String.class);

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/hello", exchange -> respond(exchange, "hello"));
    server.createContext(
        "/call",
        exchange -> {
          String body;
          try {
            body = viaOkHttp.invoke(client, "/hello") + " | " + viaApache.invoke(client, "/hello");
          } catch (ReflectiveOperationException e) {
            body = "failed: " + e.getCause();
          }
          respond(exchange, body);
        });
    // /call waits for /hello on the same server: handlers need threads of their own.
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("module-system app ready; Downstream loaded by the " + downstream.getClassLoader().getName() + " loader");
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static URL[] urls(String classpath) throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      urls.add(new File(entry).toURI().toURL());
    }
    return urls.toArray(new URL[0]);
  }

  /** Sees the JDK and its own jars, nothing else: no parent application loader at all. */
  static final class BundleLikeClassLoader extends URLClassLoader {
    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    BundleLikeClassLoader(URL[] urls) {
      super("bundle", urls, null);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> type = findLoadedClass(name);
        if (type == null) {
          type = isJdk(name) ? ClassLoader.getPlatformClassLoader().loadClass(name) : findClass(name);
        }
        if (resolve) {
          resolveClass(type);
        }
        return type;
      }
    }

    private static boolean isJdk(String name) {
      for (String prefix : JDK) {
        if (name.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }
}
