package dev.sightline.agent.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A library an instrumentation's handlers are compiled against. The application may load it
 * once on the class path, or many times (inside a Spring Boot jar, in each webapp): the
 * handlers are then created once per copy, in a class loader of their own that sees that
 * copy, and the advice of a class finds the handlers of the copy it sees.
 *
 * <p>The handlers class is named, never referenced, so that the instrumentation module (loaded
 * with the agent) never loads it; it implements {@link LibraryHandlers} and has a public
 * constructor taking the {@link dev.sightline.agent.telemetry.Telemetry}.
 */
public final class Library {

  /** A class or method the handlers need: the library's shape, checked before weaving. */
  public static final class Member {
    public final String className;
    /** A method name, or null when the class alone is required. */
    public final String methodName;

    Member(String className, String methodName) {
      this.className = className;
      this.methodName = methodName;
    }

    @Override
    public String toString() {
      return methodName == null ? className : className + "#" + methodName;
    }
  }

  private final String name;
  private final String anchorClass;
  private final String handlersClass;
  private final int[] slots;
  private final List<Member> required = new ArrayList<>();

  private Library(String name, String anchorClass, String handlersClass, int[] slots) {
    this.name = name;
    this.anchorClass = anchorClass;
    this.handlersClass = handlersClass;
    this.slots = slots.clone();
  }

  /**
   * @param name what log lines call the library (its Maven artifact, say)
   * @param anchorClass a class of the library: the copy is the loader that defines it
   * @param handlersClass the {@link LibraryHandlers} implementation, by name
   * @param slots the {@link dev.sightline.bootstrap.Handlers} slots it serves
   */
  public static Library of(String name, String anchorClass, String handlersClass, int... slots) {
    return new Library(name, anchorClass, handlersClass, slots);
  }

  /** The handlers need this class (with this method, if named) from the library. */
  public Library requires(String className, String... methodNames) {
    if (methodNames.length == 0) {
      required.add(new Member(className, null));
    }
    for (String method : methodNames) {
      required.add(new Member(className, method));
    }
    return this;
  }

  public String name() {
    return name;
  }

  public String anchorClass() {
    return anchorClass;
  }

  public String handlersClass() {
    return handlersClass;
  }

  /** The package whose classes are defined once per copy of the library. */
  public String handlersPackage() {
    return handlersClass.substring(0, handlersClass.lastIndexOf('.') + 1);
  }

  public int[] slots() {
    return slots.clone();
  }

  public List<Member> required() {
    return Collections.unmodifiableList(required);
  }

  @Override
  public String toString() {
    return name;
  }
}
