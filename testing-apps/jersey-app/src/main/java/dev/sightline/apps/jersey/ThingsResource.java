package dev.sightline.apps.jersey;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;

/**
 * {@code /api/things} (class-level {@code @Path}) and, below it, {@code /{id}}: the thing from the
 * database and its stock from {@link StockResource}, asked over HTTP through the JDK HttpClient;
 * {@code /{id}/later}: the same query on a worker thread (its column alias {@code later_name}
 * tells it apart), answered through a suspended {@link AsyncResponse}.
 */
@Path("/things")
public class ThingsResource {

  private final DataSource database;
  private final HttpClient http;
  private final ExecutorService workers;

  @Inject
  public ThingsResource(DataSource database, HttpClient http, ExecutorService workers) {
    this.database = database;
    this.http = http;
    this.workers = workers;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String count() throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM things");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return "{\"things\":" + rows.getLong(1) + "}";
    }
  }

  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public String thing(@PathParam("id") long id, @Context UriInfo uri) throws SQLException, IOException,
      InterruptedException {
    String name = name(id, "SELECT name FROM things WHERE id = ?");
    HttpResponse<String> stock = http.send(
        HttpRequest.newBuilder(uri.getBaseUriBuilder().path("stock").path(Long.toString(id)).build())
            .timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (stock.statusCode() != 200) {
      throw new IllegalStateException("stock answered " + stock.statusCode());
    }
    return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"stock\":" + stock.body() + "}";
  }

  @GET
  @Path("/{id}/later")
  @Produces(MediaType.APPLICATION_JSON)
  public void later(@PathParam("id") long id, @Suspended AsyncResponse response) {
    workers.execute(() -> {
      try {
        Thread.sleep(50); // the request thread has returned by now
        String name = name(id, "SELECT name AS later_name FROM things WHERE id = ?");
        response.resume("{\"id\":" + id + ",\"name\":\"" + name + "\",\"thread\":\""
            + Thread.currentThread().getName() + "\"}");
      } catch (NotFoundException e) {
        response.resume(e);
      } catch (Exception e) {
        response.resume(Response.serverError().entity(String.valueOf(e)).build());
      }
    });
  }

  private String name(long id, String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setLong(1, id);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          throw new NotFoundException("no thing " + id);
        }
        return rows.getString(1);
      }
    }
  }
}
