package dev.sightline.apps.threads;

import dev.sightline.testing.Services;
import dev.sightline.testing.TestApp;
import java.nio.file.Path;

/**
 * The contract on Temurin 25 (under /usr/lib/jvm): virtual threads too
 * ({@code Executors.newVirtualThreadPerTaskExecutor()}, {@code Thread.ofVirtual().start}), and the
 * JDK 25 fork/join pool and {@code CompletableFuture}. Missing, it fails under CI=true and is
 * skipped elsewhere.
 */
class ContextAcrossThreadsTemurin25Test extends ContextAcrossThreadsContract {

  @Override
  Path javaHome() {
    Path temurin = TestApp.temurin25();
    if (temurin == null) {
      Services.unavailable("Temurin 25 is not installed under /usr/lib/jvm (temurin-25*)");
    }
    return temurin;
  }

  @Override
  boolean virtualThreads() {
    return true;
  }
}
