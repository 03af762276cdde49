package dev.sightline.apps.servlet;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Calls the downstream service through Apache HttpClient 5 (classic or async) or OkHttp 4. */
public final class Downstream {

  private final String baseUrl;
  private final CloseableHttpClient apache = HttpClients.createDefault();
  private final CloseableHttpAsyncClient apacheAsync = HttpAsyncClients.createDefault();
  private final OkHttpClient okHttp = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();

  Downstream(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    apacheAsync.start();
  }

  /** "status body" of a GET through Apache HttpClient. */
  public String viaApache(String path) throws IOException {
    return apache.execute(
        new HttpGet(baseUrl + path),
        response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
  }

  /** The same through the async Apache client, waiting for its future. */
  public String viaApacheAsync(String path) throws IOException {
    try {
      SimpleHttpResponse response =
          apacheAsync.execute(SimpleRequestBuilder.get(baseUrl + path).build(), null).get(10, TimeUnit.SECONDS);
      return response.getCode() + " " + response.getBodyText();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(e);
    }
  }

  /** "status body" of a GET through OkHttp's blocking {@code execute}. */
  public String viaOkHttp(String path) throws IOException {
    try (Response response = okHttp.newCall(new Request.Builder().url(baseUrl + path).build()).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  /** The same through OkHttp's {@code enqueue}; {@code done} gets the outcome or the failure. */
  public void viaOkHttpAsync(String path, BiConsumer<String, IOException> done) {
    okHttp.newCall(new Request.Builder().url(baseUrl + path).build()).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          done.accept(response.code() + " " + response.body().string(), null);
        } catch (IOException e) {
          done.accept(null, e);
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        done.accept(null, e);
      }
    });
  }
}
