package dev.sightline.apps.http;

import java.util.logging.LogManager;

/**
 * A do-nothing LogManager, installed with {@code --custom-log-manager} the way application servers
 * install theirs. The JDK honours {@code java.util.logging.manager} only if it is set before the
 * first use of java.util.logging, so an agent that touches logging early would silently defeat it.
 */
public final class AppLogManager extends LogManager {

  public AppLogManager() {
    super();
  }
}
