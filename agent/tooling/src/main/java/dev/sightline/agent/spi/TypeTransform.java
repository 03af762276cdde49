package dev.sightline.agent.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Which types to weave and which advice class (by name, never loaded) each method matcher
 * gets. {@link #classLoaderHas} is the cheap pre-check: types are only matched in class
 * loaders that can see the named class, so libraries the application lacks cost nothing.
 */
public final class TypeTransform {

  /** One advice class applied to the methods a matcher selects. */
  public static final class MethodAdvice {
    public final ElementMatcher<? super MethodDescription> methods;
    public final String adviceClassName;

    MethodAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
      this.methods = methods;
      this.adviceClassName = adviceClassName;
    }
  }

  private final ElementMatcher<? super TypeDescription> types;
  private final String exactName;
  private final List<MethodAdvice> advice = new ArrayList<>();
  private String requiredClass;
  private Library library;

  private TypeTransform(ElementMatcher<? super TypeDescription> types, String exactName) {
    this.types = types;
    this.exactName = exactName;
  }

  public static TypeTransform forType(String exactName) {
    return new TypeTransform(ElementMatchers.named(exactName), exactName);
  }

  public static TypeTransform forTypes(ElementMatcher<? super TypeDescription> types) {
    return new TypeTransform(types, null);
  }

  /** The one type this transform weaves, or null when it matches by hierarchy. */
  public String exactName() {
    return exactName;
  }

  public TypeTransform classLoaderHas(String className) {
    this.requiredClass = className;
    return this;
  }

  /**
   * Weaves only in class loaders that see {@code library} in the shape its handlers need (and
   * the agent's bridge); elsewhere the library's classes stay untouched.
   */
  public TypeTransform library(Library library) {
    this.library = library;
    return this;
  }

  /** The library whose shape gates this transform, or null. */
  public Library library() {
    return library;
  }

  public TypeTransform advise(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
    advice.add(new MethodAdvice(methods, adviceClassName));
    return this;
  }

  public ElementMatcher<? super TypeDescription> types() {
    return types;
  }

  /** The class a loader must be able to see for this transform to apply, or null. */
  public String requiredClass() {
    return requiredClass;
  }

  public List<MethodAdvice> advice() {
    return Collections.unmodifiableList(advice);
  }
}
