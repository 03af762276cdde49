package dev.sightline.agent;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.sightline.agent.isolation.ClassLoaderBridgeAdvice;
import dev.sightline.agent.isolation.LibraryShape;
import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.Library;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.AgentThreads;
import dev.sightline.bootstrap.AdviceErrors;
import dev.sightline.bootstrap.AgentLog;
import dev.sightline.bootstrap.Handlers;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Turns the instrumentation modules' transforms into one ByteBuddy agent. Retransformation
 * covers classes loaded before premain; advice is inlined and finds the agent through the
 * bootstrap bridge, to which every woven module gets a read edge.
 */
final class Weaver {

  private Weaver() {}

  static void install(Instrumentation instrumentation, List<InstrumentationModule> modules) {
    Advice.ExceptionHandler reportErrors;
    try {
      reportErrors =
          new Advice.ExceptionHandler.Simple(
              MethodInvocation.invoke(
                  new MethodDescription.ForLoadedMethod(AdviceErrors.class.getMethod("report", Throwable.class))));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
    // Modules build their transforms (matchers included) on each call: once is enough.
    Map<InstrumentationModule, List<TypeTransform>> transforms = new LinkedHashMap<>();
    for (InstrumentationModule module : modules) {
      transforms.put(module, module.transforms());
    }
    String[] targets = jdkTargets(transforms);
    OutOfScope outOfScope = new OutOfScope(targets);
    TransformLog transformLog = new TransformLog();
    AgentBuilder builder =
        newAgentBuilder()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new LoadedClassesToWeave(outOfScope, deferredJdkTargets(transforms)))
            // Loaded classes are described from their Class objects, not re-parsed from class files.
            .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(transformLog)
            .assureReadEdgeTo(instrumentation, Handlers.class)
            // Unlike ByteBuddy's default, JDK classes loaded by the boot loader are woven too, where a
            // transform names them; of the rest only the agent's own packages are left alone.
            .ignore(outOfScope)
            .or(new IgnoredPackages());
    ClassLoader agentLoader = Weaver.class.getClassLoader();
    builder = bridgeForModuleSystems(builder, agentLoader);
    for (Map.Entry<InstrumentationModule, List<TypeTransform>> entry : transforms.entrySet()) {
      InstrumentationModule module = entry.getKey();
      Map<Library, LibraryShape> shapes = new HashMap<>();
      for (TypeTransform transform : entry.getValue()) {
        AgentBuilder.Transformer.ForAdvice advice =
            new AgentBuilder.Transformer.ForAdvice().include(agentLoader).withExceptionHandler(reportErrors);
        for (TypeTransform.MethodAdvice methodAdvice : transform.advice()) {
          advice = advice.advice(methodAdvice.methods, methodAdvice.adviceClassName);
        }
        ElementMatcher<ClassLoader> loaders =
            transform.library() == null
                ? new LoaderHasClass(transform.requiredClass())
                : shapes.computeIfAbsent(transform.library(), library -> new LibraryShape(module.name(), library));
        builder = builder.type(transform.types(), loaders).transform(advice);
      }
    }
    preloadAgentUsedJdkClasses();
    builder.installOn(instrumentation);
    // The JDK classes left out of the install scan (and any a transformation loaded on the side)
    // are woven next, off the application's start-up path.
    new AgentThreads("weaver")
        .newThread(() -> weaveLateJdkTargets(instrumentation, targets, transformLog.woven))
        .start();
  }

  /** The JDK classes of modules whose weaving of already loaded classes may wait (see {@link InstrumentationModule}). */
  private static Set<String> deferredJdkTargets(Map<InstrumentationModule, List<TypeTransform>> transforms) {
    Set<String> names = new HashSet<>();
    for (Map.Entry<InstrumentationModule, List<TypeTransform>> entry : transforms.entrySet()) {
      if (entry.getKey().weavesLoadedJdkClassesInBackground()) {
        for (TypeTransform transform : entry.getValue()) {
          if (transform.exactName() != null && transform.exactName().startsWith("java.")) {
            names.add(transform.exactName());
          }
        }
      }
    }
    return names;
  }

  /**
   * The classes no transform may weave, told by name and loader alone: the JDK's own unless a
   * transform names them exactly (the thousands it loads are then dismissed by a set lookup), and
   * the agent's own packages (not every dev.sightline class: the testing apps live there too).
   * The ignore rule and the install's scan of loaded classes both ask it.
   */
  private static final class OutOfScope implements AgentBuilder.RawMatcher {
    private static final String[] AGENT_PACKAGES = {
      "net.bytebuddy.", "dev.sightline.agent.", "dev.sightline.bootstrap.", "dev.sightline.instrumentation.", "dev.sightline.shaded."
    };
    private final Set<String> jdkTargets;
    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

    OutOfScope(String[] jdkTargets) {
      this.jdkTargets = new HashSet<>(Arrays.asList(jdkTargets));
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined,
        ProtectionDomain domain) {
      return dismisses(type.getName(), loader);
    }

    boolean dismisses(String name, ClassLoader loader) {
      if (loader == null || loader == platform) {
        return !jdkTargets.contains(name);
      }
      for (String prefix : AGENT_PACKAGES) {
        if (name.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The install's retransformation scan: the loaded classes {@link OutOfScope} does not dismiss,
   * less the JDK classes whose weaving waits. Of the thousands loaded before premain nearly all are
   * the JDK's and the agent's own; left out here, ByteBuddy neither describes nor matches them,
   * work that was a tenth of premain and kept the JIT compiling matcher code at start-up.
   */
  private static final class LoadedClassesToWeave implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {
    private final OutOfScope outOfScope;
    private final Set<String> deferred;

    LoadedClassesToWeave(OutOfScope outOfScope, Set<String> deferred) {
      this.outOfScope = outOfScope;
      this.deferred = deferred;
    }

    @Override
    public Iterable<Iterable<Class<?>>> resolve(Instrumentation instrumentation) {
      List<Class<?>> classes = new ArrayList<>();
      for (Class<?> type : instrumentation.getAllLoadedClasses()) {
        String name = type.getName();
        if (!outOfScope.dismisses(name, type.getClassLoader()) && !deferred.contains(name)) {
          classes.add(type);
        }
      }
      return Collections.<Iterable<Class<?>>>singletonList(classes);
    }
  }

  /**
   * Class loaders of module systems (OSGi, JBoss Modules) may refuse to delegate the bridge's
   * package to the boot loader; their {@code loadClass} is taught to. Loader classes are found
   * by name first (every such loader has "Loader" in its name), then by superclass.
   */
  private static AgentBuilder bridgeForModuleSystems(AgentBuilder builder, ClassLoader agentLoader) {
    return builder
        .type(nameContains("Loader").and(hasSuperClass(named("java.lang.ClassLoader"))).and(not(isInterface())))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(
                    named("loadClass")
                        .and(not(isAbstract()))
                        .and(takesArguments(String.class).or(takesArguments(String.class, boolean.class))),
                    ClassLoaderBridgeAdvice.class.getName()));
  }

  /**
   * The fork/join classes are loaded by the agent's own work on newer JDKs (25): first while it
   * installs, or later inside another class's transformation, where ByteBuddy's circularity guard
   * leaves them unwoven for good. Loaded (not initialised) before install, the retransformation
   * scan weaves them; nearly every application loads them anyway.
   */
  private static void preloadAgentUsedJdkClasses() {
    if (Runtime.version().feature() < 21) {
      return;
    }
    for (String name : new String[] {"java.util.concurrent.ForkJoinPool", "java.util.concurrent.ForkJoinTask"}) {
      try {
        Class.forName(name, false, null);
      } catch (ClassNotFoundException | LinkageError e) {
        // Not in this JDK: nothing to weave.
      }
    }
  }

  /**
   * Retransforms the JDK classes a transform names that were loaded while the agent installed
   * itself (the fork/join pool, on JDK 25): they came after the scan of loaded classes and before
   * the transformer was in place, so neither wove them. Only classes the JVM already has are
   * touched; nothing is loaded for the purpose.
   */
  private static void weaveLateJdkTargets(Instrumentation instrumentation, String[] names, Set<String> woven) {
    Set<String> targets = new HashSet<>(Arrays.asList(names));
    // A class loaded while another is woven on this thread is skipped by ByteBuddy's circularity
    // guard: a few passes weave those too.
    for (int pass = 0; pass < 3; pass++) {
      List<Class<?>> missed = new ArrayList<>();
      for (Class<?> type : instrumentation.getAllLoadedClasses()) {
        if (type.getClassLoader() == null && targets.contains(type.getName()) && !woven.contains(type.getName())) {
          missed.add(type);
        }
      }
      if (missed.isEmpty()) {
        return;
      }
      for (Class<?> type : missed) {
        try {
          instrumentation.retransformClasses(type);
        } catch (Exception | LinkageError e) {
          AgentLog.warnOnce("weave:" + type.getName(), "could not instrument " + type.getName() + "; it runs uninstrumented", e);
        }
      }
    }
  }

  private static String[] jdkTargets(Map<InstrumentationModule, List<TypeTransform>> transforms) {
    Set<String> names = new HashSet<>();
    for (List<TypeTransform> moduleTransforms : transforms.values()) {
      for (TypeTransform transform : moduleTransforms) {
        if (transform.exactName() != null) {
          names.add(transform.exactName());
        }
      }
    }
    return names.toArray(new String[0]);
  }

  /**
   * ByteBuddy's Nexus (unused here: initialization strategy NoOp) reaches for sun.misc.Unsafe
   * in its static initializer, which JDK 24+ reports on stderr. Its switch is read once, at
   * that initializer; the property is ours after relocation and is removed again at once.
   */
  private static AgentBuilder newAgentBuilder() {
    String key = Nexus.class.getName().replace("dynamic.Nexus", "nexus.disabled");
    String before = System.getProperty(key);
    System.setProperty(key, "true");
    try {
      return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED));
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  /** Transformation failures are logged once per type and never reach the application. */
  private static final class TransformLog extends AgentBuilder.Listener.Adapter {
    /** JDK classes woven so far (by name), so install can tell which ones it missed. */
    final Set<String> woven = ConcurrentHashMap.newKeySet();

    @Override
    public void onTransformation(
        TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
      if (loader == null) {
        woven.add(type.getName());
      }
      if (AgentLog.enabled(AgentLog.DEBUG)) {
        AgentLog.debug("woven " + type.getName());
      }
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      if (missingType(error)) {
        // A supertype is not there (an optional dependency the application lacks): the JVM will not
        // define this class either, and the application expects that; nothing to warn about.
        if (AgentLog.enabled(AgentLog.DEBUG)) {
          AgentLog.debug("not woven " + typeName + ": " + error.getMessage());
        }
        return;
      }
      AgentLog.warnOnce("weave:" + typeName, "could not instrument " + typeName + "; it runs uninstrumented", error);
    }

    private static boolean missingType(Throwable error) {
      for (Throwable cause = error; cause != null; cause = cause.getCause()) {
        if (cause instanceof TypePool.Resolution.NoSuchTypeException) {
          return true;
        }
      }
      return false;
    }
  }
}
