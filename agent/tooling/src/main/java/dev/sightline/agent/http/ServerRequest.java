package dev.sightline.agent.http;

/** What a server instrumentation read off a request, in the conventions' terms. */
public final class ServerRequest {
  public String method;
  public String scheme;
  public String path;
  public String query;
  /** The route template (a context path, a servlet pattern); never the raw path. */
  public String route;
  public String serverAddress;
  public int serverPort;
  public String clientAddress;
  public String userAgent;
  public String protocolVersion;
}
