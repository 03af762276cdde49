package dev.sightline.apps.springboot;

/** The label printer is down; nothing in the app handles it, so Spring Boot's error handling answers 500. */
public class LabelPrinterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LabelPrinterException(String message) {
    super(message);
  }
}
