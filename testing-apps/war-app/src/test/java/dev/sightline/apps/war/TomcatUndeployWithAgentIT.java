package dev.sightline.apps.war;

/** With the agent, after it traced the webapp's libraries, the undeployed webapp's class loader is collected too. */
class TomcatUndeployWithAgentIT extends TomcatUndeployContract {

  TomcatUndeployWithAgentIT() {
    super(true);
  }
}
