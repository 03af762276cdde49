package dev.sightline.apps.threads;

import java.nio.file.Path;

/** The contract on the JDK that runs the build (17): no virtual threads. */
class ContextAcrossThreadsJdk17Test extends ContextAcrossThreadsContract {

  @Override
  Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  @Override
  boolean virtualThreads() {
    return Runtime.version().feature() >= 21;
  }
}
