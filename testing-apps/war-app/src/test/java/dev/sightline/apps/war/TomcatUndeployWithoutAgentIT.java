package dev.sightline.apps.war;

/** The baseline: without the agent the undeployed webapp's class loader is collected. */
class TomcatUndeployWithoutAgentIT extends TomcatUndeployContract {

  TomcatUndeployWithoutAgentIT() {
    super(false);
  }
}
