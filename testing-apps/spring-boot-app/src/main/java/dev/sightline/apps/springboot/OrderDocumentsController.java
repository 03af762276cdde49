package dev.sightline.apps.springboot;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Two ways a request fails with a 500 (a class-level mapping with a path variable):
 * {@code GET /orders/{orderId}/invoice} throws an exception this controller's
 * {@code @ExceptionHandler} turns into a 500 answer; {@code GET /orders/{orderId}/label} throws one
 * nothing in the app handles, so it reaches Spring Boot's default error handling (the servlet
 * container's error page, {@code /error}).
 */
@RestController
@RequestMapping("/orders/{orderId}")
public class OrderDocumentsController {

  @GetMapping("/invoice")
  public Map<String, Object> invoice(@PathVariable("orderId") long orderId) {
    throw new InvoiceUnavailableException("no invoice for order " + orderId + ": invoicing is down");
  }

  @GetMapping("/label")
  public Map<String, Object> label(@PathVariable("orderId") long orderId) {
    throw new LabelPrinterException("no label for order " + orderId + ": the printer is offline");
  }

  @ExceptionHandler(InvoiceUnavailableException.class)
  public ResponseEntity<Map<String, Object>> invoiceUnavailable(InvoiceUnavailableException e) {
    return ResponseEntity.status(500).body(Map.of("error", e.getMessage()));
  }
}
