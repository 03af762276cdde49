package dev.sightline.instrumentation.opentelemetryannotations;

import io.opentelemetry.api.trace.SpanKind;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import net.bytebuddy.description.method.MethodDescription;

/**
 * What a {@code @WithSpan} method's annotations say, read once by reflection and by name, so no
 * version of the annotations library is linked: the span name, its kind, and the attribute name of
 * each {@code @SpanAttribute} parameter (null for the others).
 */
final class WithSpanMethod {

  final String spanName;
  final SpanKind kind;
  final String[] attributeNames;

  private WithSpanMethod(String spanName, SpanKind kind, String[] attributeNames) {
    this.spanName = spanName;
    this.kind = kind;
    this.attributeNames = attributeNames;
  }

  /** The method of {@code type} with this name and descriptor, as advice names it ({@code #m#d}); null when not found. */
  static WithSpanMethod of(Class<?> type, String nameAndDescriptor) {
    for (Method method : type.getDeclaredMethods()) {
      if (nameAndDescriptor.startsWith(method.getName())
          && nameAndDescriptor.equals(method.getName() + new MethodDescription.ForLoadedMethod(method).getDescriptor())) {
        return of(type, method);
      }
    }
    return null;
  }

  static WithSpanMethod of(Class<?> type, Method method) {
    String name = null;
    SpanKind kind = SpanKind.INTERNAL;
    for (Annotation annotation : method.getAnnotations()) {
      String annotationName = annotation.annotationType().getName();
      if (annotationName.equals(WithSpanInstrumentation.WITH_SPAN)
          || annotationName.equals(WithSpanInstrumentation.OLD_WITH_SPAN)) {
        Object value = element(annotation, "value");
        name = value instanceof String && !((String) value).isEmpty() ? (String) value : null;
        Object declaredKind = element(annotation, "kind");
        if (declaredKind instanceof Enum) {
          kind = kind(((Enum<?>) declaredKind).name());
        }
      }
    }
    if (name == null) {
      name = type.getSimpleName() + "." + method.getName();
    }
    Parameter[] parameters = method.getParameters();
    Annotation[][] parameterAnnotations = method.getParameterAnnotations();
    String[] attributes = new String[parameters.length];
    boolean any = false;
    for (int i = 0; i < parameters.length && i < parameterAnnotations.length; i++) {
      for (Annotation annotation : parameterAnnotations[i]) {
        String annotationName = annotation.annotationType().getName();
        if (annotationName.equals(WithSpanInstrumentation.SPAN_ATTRIBUTE)
            || annotationName.equals(WithSpanInstrumentation.OLD_SPAN_ATTRIBUTE)) {
          Object value = element(annotation, "value");
          String attribute = value instanceof String && !((String) value).isEmpty() ? (String) value
              : parameters[i].isNamePresent() ? parameters[i].getName() : null;
          attributes[i] = attribute;
          any |= attribute != null;
        }
      }
    }
    return new WithSpanMethod(name, kind, any ? attributes : new String[0]);
  }

  private static Object element(Annotation annotation, String element) {
    try {
      return annotation.annotationType().getMethod(element).invoke(annotation);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static SpanKind kind(String name) {
    try {
      return SpanKind.valueOf(name);
    } catch (IllegalArgumentException e) {
      return SpanKind.INTERNAL;
    }
  }
}
