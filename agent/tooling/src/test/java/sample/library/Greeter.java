package sample.library;

/** Stands for a library the application loads, possibly more than once. */
public class Greeter {

  public String greet() {
    return "hello";
  }
}
