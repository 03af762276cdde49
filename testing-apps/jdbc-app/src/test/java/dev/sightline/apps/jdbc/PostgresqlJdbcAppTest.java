package dev.sightline.apps.jdbc;

/** jdbc-app on the machine's real Postgresql. */
class PostgresqlJdbcAppTest extends JdbcAppContract {

  PostgresqlJdbcAppTest() {
    super(Database.postgresql());
  }
}
