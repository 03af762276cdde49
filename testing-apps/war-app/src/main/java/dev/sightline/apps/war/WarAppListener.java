package dev.sightline.apps.war;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Starts the webapp's clients and consumers at deployment and stops every one of them at undeployment. */
public final class WarAppListener implements ServletContextListener {

  /** Kafka's clients log every setting at INFO; their warnings are what matters here. Held so the level stays. */
  private static final Logger KAFKA_LOG = Logger.getLogger("org.apache.kafka");

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    KAFKA_LOG.setLevel(Level.WARNING);
    try {
      WarApp app = WarApp.start(context);
      context.setAttribute(WarApp.ATTRIBUTE, app);
      WarApp.log("[" + app.config.contextPath + "] started on " + context.getServerInfo() + " with kafka-clients "
          + WarApp.kafkaClientsVersion() + " (" + WarApp.kafkaClientsJar() + "): " + app.config.describe());
    } catch (Exception e) {
      // Without its clients the webapp cannot take orders; say why, and let the container fail the deployment.
      WarApp.log("[" + context.getContextPath() + "] failed to start: " + e);
      throw new IllegalStateException("war-app cannot start", e);
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    Object app = context.getAttribute(WarApp.ATTRIBUTE);
    context.removeAttribute(WarApp.ATTRIBUTE);
    if (app instanceof WarApp warApp) {
      warApp.close();
      WarApp.log("[" + context.getContextPath() + "] stopped: consumers, producers, connections and threads closed");
    }
  }
}
