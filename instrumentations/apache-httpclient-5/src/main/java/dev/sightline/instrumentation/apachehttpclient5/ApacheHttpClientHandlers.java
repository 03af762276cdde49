package dev.sightline.instrumentation.apachehttpclient5;

import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;

/** The classic and async handlers of one copy of HttpClient 5. */
final class ApacheHttpClientHandlers implements LibraryHandlers {

  private final Handler execute;
  private final Handler asyncExecute;

  ApacheHttpClientHandlers(Telemetry telemetry) {
    this.execute = new ExecuteHandler(telemetry);
    this.asyncExecute = new AsyncExecuteHandler(telemetry);
  }

  @Override
  public Handler handler(int slot) {
    switch (slot) {
      case Handlers.APACHE_HTTPCLIENT_EXECUTE:
        return execute;
      case Handlers.APACHE_HTTPCLIENT_ASYNC_EXECUTE:
        return asyncExecute;
      default:
        return null;
    }
  }
}
