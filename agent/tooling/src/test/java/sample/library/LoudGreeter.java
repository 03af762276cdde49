package sample.library;

/** A subclass: inherited methods count as the library's shape. */
public class LoudGreeter extends Greeter {

  public String shout() {
    return "HELLO";
  }
}
