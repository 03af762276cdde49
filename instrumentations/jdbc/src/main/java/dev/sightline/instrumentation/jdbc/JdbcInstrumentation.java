package dev.sightline.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isOverriddenFrom;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.config.AgentConfig;
import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.LazyHandler;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * JDBC, for any driver and any pool: the advice is woven into every class implementing {@code
 * java.sql.Statement} (and its prepared and callable sub-interfaces), {@code Connection} or {@code
 * Driver}, found by one hierarchy match per class. The JDK's own packages are excluded by name
 * first: the {@code java.sql} interfaces are visible to every loader, so the loader pre-check
 * cannot help. A pool's proxies and the driver's objects are both woven; {@code CallDepth.JDBC}
 * keeps one span per application call.
 *
 * <p>Settings: {@code sightline.jdbc.sanitize} (default true) replaces literals in {@code
 * db.query.text}; {@code sightline.jdbc.query-text.max-length} (default 2048) caps its length.
 */
public final class JdbcInstrumentation implements InstrumentationModule {

  static final String NAME = "jdbc";

  private static final String STATEMENT = "java.sql.Statement";
  private static final String PREPARED_STATEMENT = "java.sql.PreparedStatement";
  private static final String CALLABLE_STATEMENT = "java.sql.CallableStatement";
  private static final String CONNECTION = "java.sql.Connection";
  private static final String DRIVER = "java.sql.Driver";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    AgentConfig config = AgentConfig.fromSystem();
    boolean sanitize = config.getBoolean("sightline.jdbc.sanitize", true);
    int maxLength = config.getInt("sightline.jdbc.query-text.max-length", 2048, 16, 1_000_000);
    Supplier<JdbcHandlers> handlers =
        new Supplier<JdbcHandlers>() {
          private JdbcHandlers created;

          @Override
          public synchronized JdbcHandlers get() {
            if (created == null) {
              created = new JdbcHandlers(telemetry, sanitize, maxLength);
            }
            return created;
          }
        };
    Handlers.register(Handlers.JDBC_CONNECTION_PREPARE, LazyHandler.of(NAME, () -> handlers.get().prepare()));
    Handlers.register(Handlers.JDBC_STATEMENT_EXECUTE, LazyHandler.of(NAME, () -> handlers.get().execute()));
    Handlers.register(Handlers.JDBC_STATEMENT_BATCH, LazyHandler.of(NAME, () -> handlers.get().executeBatch()));
    Handlers.register(Handlers.JDBC_STATEMENT_ADD_BATCH, LazyHandler.of(NAME, () -> handlers.get().addBatch()));
    Handlers.register(Handlers.JDBC_STATEMENT_CLEAR_BATCH, LazyHandler.of(NAME, () -> handlers.get().clearBatch()));
    Handlers.register(Handlers.JDBC_DRIVER_CONNECT, LazyHandler.of(NAME, () -> handlers.get().connect()));
  }

  @Override
  public List<TypeTransform> transforms() {
    ElementMatcher.Junction<MethodDescription> statementMethod =
        isPublic().and(not(isAbstract())).and(isOverriddenFrom(namedOneOf(STATEMENT, PREPARED_STATEMENT, CALLABLE_STATEMENT)));
    ElementMatcher.Junction<TypeDescription> notTheJdk =
        not(nameStartsWith("java.")
            .or(nameStartsWith("javax."))
            .or(nameStartsWith("jdk."))
            .or(nameStartsWith("sun."))
            .or(nameStartsWith("com.sun.")));
    return Collections.singletonList(
        TypeTransform.forTypes(
                not(isInterface()).and(notTheJdk).and(hasSuperType(namedOneOf(STATEMENT, CONNECTION, DRIVER))))
            .classLoaderHas(STATEMENT)
            .advise(
                namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate")
                    .and(takesArguments(0).or(takesArgument(0, String.class)))
                    .and(statementMethod),
                ExecuteAdvice.class.getName())
            .advise(
                namedOneOf("executeBatch", "executeLargeBatch").and(takesArguments(0)).and(statementMethod),
                ExecuteBatchAdvice.class.getName())
            .advise(
                named("addBatch").and(takesArguments(0).or(takesArguments(String.class))).and(statementMethod),
                AddBatchAdvice.class.getName())
            .advise(named("clearBatch").and(takesArguments(0)).and(statementMethod), ClearBatchAdvice.class.getName())
            .advise(
                namedOneOf("prepareStatement", "prepareCall")
                    .and(takesArgument(0, String.class))
                    .and(isPublic())
                    .and(not(isAbstract()))
                    .and(isOverriddenFrom(named(CONNECTION))),
                PrepareAdvice.class.getName())
            .advise(
                named("isValid")
                    .and(takesArguments(int.class))
                    .and(not(isAbstract()))
                    .and(isOverriddenFrom(named(CONNECTION))),
                ValidationAdvice.class.getName())
            .advise(
                named("connect")
                    .and(takesArguments(2))
                    .and(takesArgument(0, String.class))
                    .and(takesArgument(1, named("java.util.Properties")))
                    .and(not(isAbstract()))
                    .and(isOverriddenFrom(named(DRIVER))),
                DriverConnectAdvice.class.getName()));
  }
}
