package dev.sightline.apps.springboot;

/** What the order listeners throw for a message that asks them to reject its order. */
public class OrderRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public OrderRejectedException(String message) {
    super(message);
  }
}
