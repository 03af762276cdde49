package dev.sightline.apps.springboot;

import java.net.http.HttpClient;
import java.time.Duration;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.amqp.core.Queue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.client.RestClient;

/**
 * An order service with no tracing code, run as an executable Spring Boot jar. {@code POST
 * /orders} prices the product through a {@link RestClient} on Apache HttpClient 5, checks stock
 * through a RestClient on the JDK {@link HttpClient} (both calls go to this app's own port),
 * stores the order with JDBC, sends it to Kafka (one record to the orders topic, one to three to
 * the batch topic) and publishes an audit message to RabbitMQ; the listeners in {@link
 * OrderListeners} update the database.
 *
 * <p>Configured with Spring properties, on the command line too ({@code --server.port=0
 * --spring.kafka.bootstrap-servers=127.0.0.1:9092 --spring.rabbitmq.port=5672
 * --app.suffix=-t1}); {@code app.suffix} is appended to the Kafka topic and RabbitMQ queue names.
 */
@SpringBootApplication
@EnableAsync
public class SpringBootApp {

  public static void main(String[] args) {
    SpringApplication.run(SpringBootApp.class, args);
  }

  /** The line tests wait for: everything, listeners included, is started. */
  @EventListener
  public void ready(ApplicationReadyEvent event) {
    Environment environment = event.getApplicationContext().getEnvironment();
    System.out.println(environment.getProperty("spring.application.name") + " listening on port "
        + environment.getProperty("local.server.port") + " (Spring Boot " + SpringBootVersion.getVersion()
        + ", Kafka topics " + environment.getProperty("app.kafka.orders-topic") + " and "
        + environment.getProperty("app.kafka.batch-topic") + ", AMQP queue "
        + environment.getProperty("app.amqp.audit-queue") + ")");
  }

  @Bean
  public CloseableHttpClient apacheHttpClient() {
    return HttpClients.createDefault();
  }

  @Bean
  public HttpClient jdkHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Prices come through Apache HttpClient 5. */
  @Bean
  public RestClient pricingClient(CloseableHttpClient apacheHttpClient) {
    return RestClient.builder()
        .requestFactory(new HttpComponentsClientHttpRequestFactory(apacheHttpClient))
        .build();
  }

  /** Stock comes through the JDK HttpClient. */
  @Bean
  public RestClient inventoryClient(HttpClient jdkHttpClient) {
    return RestClient.builder()
        .requestFactory(new JdkClientHttpRequestFactory(jdkHttpClient))
        .build();
  }

  /**
   * A record listener that throws is not retried: the record is logged and skipped, so a rejected
   * order is one failed delivery (Spring Kafka's default retries it nine more times).
   */
  @Bean
  public DefaultErrorHandler kafkaErrorHandler() {
    return new DefaultErrorHandler(new FixedBackOff(0L, 0L));
  }

  @Bean
  public NewTopic ordersTopic(@Value("${app.kafka.orders-topic}") String name) {
    return TopicBuilder.name(name).partitions(1).replicas(1).build();
  }

  @Bean
  public NewTopic batchTopic(@Value("${app.kafka.batch-topic}") String name) {
    return TopicBuilder.name(name).partitions(1).replicas(1).build();
  }

  /** Not durable and deleted with its last consumer: nothing is left behind on a shared broker. */
  @Bean
  public Queue auditQueue(@Value("${app.amqp.audit-queue}") String name) {
    return new Queue(name, false, false, true);
  }
}
