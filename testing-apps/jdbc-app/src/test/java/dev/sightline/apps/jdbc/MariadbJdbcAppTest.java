package dev.sightline.apps.jdbc;

/** jdbc-app on the machine's real Mariadb. */
class MariadbJdbcAppTest extends JdbcAppContract {

  MariadbJdbcAppTest() {
    super(Database.mariadb());
  }
}
