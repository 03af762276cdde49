package dev.sightline.instrumentation.opentelemetryannotations;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.LazyHandler;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code @WithSpan} on an application method makes each call a span of the agent's, current while
 * the method runs, named by the annotation or {@code Class.method}; {@code @SpanAttribute}
 * parameters become its attributes. Annotations are matched by name: the handler only reads them,
 * so one handler serves every copy of the annotations library.
 */
public final class WithSpanInstrumentation implements InstrumentationModule {

  /** Written with the prefix the agent jar's shading turns into the application's own package. */
  static final String WITH_SPAN = "application.io.opentelemetry.instrumentation.annotations.WithSpan";
  static final String SPAN_ATTRIBUTE = "application.io.opentelemetry.instrumentation.annotations.SpanAttribute";
  /** The annotations of opentelemetry-extension-annotations, which the current ones replaced. */
  static final String OLD_WITH_SPAN = "application.io.opentelemetry.extension.annotations.WithSpan";
  static final String OLD_SPAN_ATTRIBUTE = "application.io.opentelemetry.extension.annotations.SpanAttribute";

  @Override
  public String name() {
    return "opentelemetry-instrumentation-annotations";
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    Handlers.register(Handlers.OTEL_WITH_SPAN, LazyHandler.of(name(), () -> new WithSpanHandler(telemetry)));
  }

  @Override
  public List<TypeTransform> transforms() {
    List<TypeTransform> transforms = new ArrayList<>();
    for (String annotation : new String[] {WITH_SPAN, OLD_WITH_SPAN}) {
      ElementMatcher.Junction<MethodDescription> annotated =
          isMethod().and(not(isAbstract())).and(isAnnotatedWith(named(annotation)));
      transforms.add(TypeTransform.forTypes(not(isInterface()).and(declaresMethod(annotated)))
          .classLoaderHas(annotation)
          .advise(annotated, WithSpanAdvice.class.getName()));
    }
    return transforms;
  }
}
