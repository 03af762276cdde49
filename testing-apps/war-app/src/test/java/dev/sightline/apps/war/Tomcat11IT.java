package dev.sightline.apps.war;

/** The WAR in the standalone Tomcat 11 distribution, started with catalina.sh run and the agent in CATALINA_OPTS. */
class Tomcat11IT extends OrderFlowContract {

  Tomcat11IT() {
    super("war-app-tomcat11");
  }

  @Override
  StandaloneContainer newContainer() {
    return new StandaloneTomcat("tomcat11");
  }
}
