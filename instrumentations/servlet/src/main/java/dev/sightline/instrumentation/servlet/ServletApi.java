package dev.sightline.instrumentation.servlet;

import java.util.Enumeration;

/**
 * The calls {@link ServletRequestHandler} makes on a request and response. {@code jakarta.servlet}
 * and {@code javax.servlet} have the same methods on types that share no class, so each gets a
 * one-line-per-method implementation of this and the span logic exists once.
 */
interface ServletApi<REQ, RES> {

  /** The request as an HTTP request, or null when it is not one. */
  REQ httpRequest(Object request);

  /** The response as an HTTP response, or null when it is not one. */
  RES httpResponse(Object response);

  Object attribute(REQ request, String name);

  void setAttribute(REQ request, String name, Object value);

  /** The attribute under which a container leaves the exception it turned into an error response. */
  String errorExceptionAttribute();

  String method(REQ request);

  String scheme(REQ request);

  String requestUri(REQ request);

  String queryString(REQ request);

  String contextPath(REQ request);

  String serverName(REQ request);

  int serverPort(REQ request);

  String remoteAddress(REQ request);

  String protocol(REQ request);

  String header(REQ request, String name);

  Enumeration<String> headerNames(REQ request);

  /** The {@code MappingMatch} name of the request's servlet mapping, or null when there is none. */
  String mappingMatch(REQ request);

  /** The pattern of the request's servlet mapping, or null when there is none. */
  String mappingPattern(REQ request);

  boolean isAsyncStarted(REQ request);

  /**
   * Has the request's async cycle report to {@code completion}.
   *
   * @throws IllegalStateException when the async cycle is already over
   */
  void addAsyncListener(REQ request, AsyncCompletion completion);

  boolean isCommitted(RES response);

  int status(RES response);
}
