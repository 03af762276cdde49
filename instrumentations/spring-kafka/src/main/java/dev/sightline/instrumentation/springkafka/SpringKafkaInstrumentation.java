package dev.sightline.instrumentation.springkafka;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.TypeTransform;
import java.util.Collections;
import java.util.List;

/**
 * Spring for Apache Kafka's listener container. A record listener needs nothing of its own: the
 * container iterates the polled records, which kafka-clients traces one by one. A batch
 * listener gets the whole batch as a list, so the batch has one process span, linked to each
 * record's producer, made by kafka-clients' handlers for the copy of kafka-clients the container
 * uses (this module has no handlers of its own). A listener that throws marks its record's or
 * batch's process span, although the container catches the exception.
 */
public final class SpringKafkaInstrumentation implements InstrumentationModule {

  private static final String LISTENER_CONSUMER =
      "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer";

  @Override
  public String name() {
    return "spring-kafka";
  }

  @Override
  public List<TypeTransform> transforms() {
    return Collections.singletonList(
        TypeTransform.forType(LISTENER_CONSUMER)
            .classLoaderHas("org.apache.kafka.clients.consumer.ConsumerRecords")
            .advise(
                named("invokeBatchListener")
                    .and(takesArguments(1))
                    .and(takesArgument(0, named("org.apache.kafka.clients.consumer.ConsumerRecords"))),
                BatchListenerAdvice.class.getName())
            .advise(
                named("doInvokeOnMessage").and(takesArguments(1))
                    .or(named("doInvokeBatchOnMessage").and(takesArguments(2))),
                ListenerFailedAdvice.class.getName()));
  }
}
