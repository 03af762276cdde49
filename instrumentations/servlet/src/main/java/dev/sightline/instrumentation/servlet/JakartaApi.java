package dev.sightline.instrumentation.servlet;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Enumeration;

/** {@link ServletApi} on {@code jakarta.servlet} types. */
final class JakartaApi implements ServletApi<HttpServletRequest, HttpServletResponse> {

  @Override
  public HttpServletRequest httpRequest(Object request) {
    return request instanceof HttpServletRequest ? (HttpServletRequest) request : null;
  }

  @Override
  public HttpServletResponse httpResponse(Object response) {
    return response instanceof HttpServletResponse ? (HttpServletResponse) response : null;
  }

  @Override
  public Object attribute(HttpServletRequest request, String name) {
    return request.getAttribute(name);
  }

  @Override
  public void setAttribute(HttpServletRequest request, String name, Object value) {
    request.setAttribute(name, value);
  }

  @Override
  public String errorExceptionAttribute() {
    return RequestDispatcher.ERROR_EXCEPTION;
  }

  @Override
  public String method(HttpServletRequest request) {
    return request.getMethod();
  }

  @Override
  public String scheme(HttpServletRequest request) {
    return request.getScheme();
  }

  @Override
  public String requestUri(HttpServletRequest request) {
    return request.getRequestURI();
  }

  @Override
  public String queryString(HttpServletRequest request) {
    return request.getQueryString();
  }

  @Override
  public String contextPath(HttpServletRequest request) {
    return request.getContextPath();
  }

  @Override
  public String serverName(HttpServletRequest request) {
    return request.getServerName();
  }

  @Override
  public int serverPort(HttpServletRequest request) {
    return request.getServerPort();
  }

  @Override
  public String remoteAddress(HttpServletRequest request) {
    return request.getRemoteAddr();
  }

  @Override
  public String protocol(HttpServletRequest request) {
    return request.getProtocol();
  }

  @Override
  public String header(HttpServletRequest request, String name) {
    return request.getHeader(name);
  }

  @Override
  public Enumeration<String> headerNames(HttpServletRequest request) {
    return request.getHeaderNames();
  }

  @Override
  public String mappingMatch(HttpServletRequest request) {
    HttpServletMapping mapping = request.getHttpServletMapping();
    return mapping == null || mapping.getMappingMatch() == null ? null : mapping.getMappingMatch().name();
  }

  @Override
  public String mappingPattern(HttpServletRequest request) {
    HttpServletMapping mapping = request.getHttpServletMapping();
    return mapping == null ? null : mapping.getPattern();
  }

  @Override
  public boolean isAsyncStarted(HttpServletRequest request) {
    return request.isAsyncStarted();
  }

  @Override
  public void addAsyncListener(HttpServletRequest request, AsyncCompletion completion) {
    request.getAsyncContext().addListener(new JakartaAsyncEnd(completion));
  }

  @Override
  public boolean isCommitted(HttpServletResponse response) {
    return response.isCommitted();
  }

  @Override
  public int status(HttpServletResponse response) {
    return response.getStatus();
  }
}
