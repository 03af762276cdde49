package dev.sightline.apps.springboot;

/** The invoice service is down; {@link OrderDocumentsController}'s {@code @ExceptionHandler} answers 500. */
public class InvoiceUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvoiceUnavailableException(String message) {
    super(message);
  }
}
