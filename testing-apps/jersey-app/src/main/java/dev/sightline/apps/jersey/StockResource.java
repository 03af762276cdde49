package dev.sightline.apps.jersey;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/stock/{id}}, the id a number (a template with a regular expression). */
@Path("stock")
public class StockResource {

  @GET
  @Path("{id: [0-9]+}")
  @Produces(MediaType.APPLICATION_JSON)
  public String stock(@PathParam("id") long id) {
    return "{\"id\":" + id + ",\"available\":" + (id * 7) + "}";
  }
}
