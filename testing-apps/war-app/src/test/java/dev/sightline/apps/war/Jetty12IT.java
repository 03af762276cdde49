package dev.sightline.apps.war;

/** The WAR in the standalone Jetty 12 distribution (ee10 deployer), the agent on the start.jar command line. */
class Jetty12IT extends OrderFlowContract {

  Jetty12IT() {
    super("war-app-jetty12");
  }

  @Override
  StandaloneContainer newContainer() {
    return new StandaloneJetty("jetty12");
  }
}
