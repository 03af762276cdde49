package dev.sightline.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DatabaseAddressTest {

  private static void assertAddress(String url, String system, String host, int port, String namespace) {
    DatabaseAddress address = DatabaseAddress.parse(url);
    assertEquals(system, address.system, url);
    assertEquals(host, address.host, url);
    assertEquals(port, address.port, url);
    assertEquals(namespace, address.namespace, url);
  }

  @Test
  void postgresql() {
    assertAddress("jdbc:postgresql://127.0.0.1:5432/test", "postgresql", "127.0.0.1", 5432, "test");
    assertAddress("jdbc:postgresql://DB.example.com/orders?user=app&password=secret", "postgresql", "db.example.com", 5432, "orders");
    assertAddress("jdbc:postgresql://h1:5433,h2:5434/orders?targetServerType=primary", "postgresql", "h1", 5433, "orders");
    assertAddress("jdbc:postgresql://[::1]:6543/orders", "postgresql", "::1", 6543, "orders");
    assertAddress("jdbc:postgresql:orders", "postgresql", "localhost", 5432, "orders");
    assertAddress("jdbc:postgresql://localhost/", "postgresql", "localhost", 5432, null);
  }

  @Test
  void mysqlAndMariadb() {
    assertAddress("jdbc:mysql://127.0.0.1:3306/test?useSSL=false", "mysql", "127.0.0.1", 3306, "test");
    assertAddress("jdbc:mysql://user:pw@db:3307/shop", "mysql", "db", 3307, "shop");
    assertAddress("jdbc:mysql:loadbalance://a:3306,b:3306/shop", "mysql", "a", 3306, "shop");
    assertAddress("jdbc:mariadb://127.0.0.1:3306/test", "mariadb", "127.0.0.1", 3306, "test");
    assertAddress("jdbc:mariadb:replication://primary,replica/shop", "mariadb", "primary", 3306, "shop");
    assertAddress("jdbc:mariadb://localhost", "mariadb", "localhost", 3306, null);
    assertAddress("jdbc:mariadb://address=(host=db)(port=3306)/shop", "mariadb", null, -1, "shop");
  }

  @Test
  void h2() {
    assertAddress("jdbc:h2:mem:jdbcapp;DB_CLOSE_DELAY=-1", "h2database", null, -1, "jdbcapp");
    assertAddress("jdbc:h2:mem:", "h2database", null, -1, null);
    assertAddress("jdbc:h2:tcp://dbhost:9123/~/orders;IFEXISTS=TRUE", "h2database", "dbhost", 9123, "~/orders");
    assertAddress("jdbc:h2:tcp://dbhost/orders", "h2database", "dbhost", 9092, "orders");
    assertAddress("jdbc:h2:./data/orders", "h2database", null, -1, "./data/orders");
    assertAddress("jdbc:h2:file:/var/db/orders;MODE=PostgreSQL", "h2database", null, -1, "/var/db/orders");
  }

  @Test
  void others() {
    assertAddress("jdbc:sqlserver://sql.local\\inst:1444;databaseName=shop;encrypt=true", "microsoft.sql_server", "sql.local", 1444, "shop");
    assertAddress("jdbc:oracle:thin:@ora:1522:ORCL", "oracle.db", "ora", 1522, "ORCL");
    assertAddress("jdbc:oracle:thin:@//ora:1521/service", "oracle.db", "ora", 1521, "service");
    assertAddress("jdbc:hsqldb:mem:test", "hsqldb", null, -1, "test");
    assertAddress("jdbc:derby://dbhost:1527/shop;create=true", "derby", "dbhost", 1527, "shop");
    assertAddress("jdbc:sqlite:/tmp/app.db", "sqlite", null, -1, "/tmp/app.db");
    assertAddress("jdbc:firebirdsql://fb/shop", "firebirdsql", null, -1, null);
  }

  @Test
  void garbageGivesOtherSql() {
    assertAddress(null, "other_sql", null, -1, null);
    assertAddress("", "other_sql", null, -1, null);
    assertAddress("postgresql://x/y", "other_sql", null, -1, null);
    assertAddress("jdbc:", "other_sql", null, -1, null);
    assertAddress("jdbc:postgresql://:abc/", "postgresql", null, -1, null);
  }

  @Test
  void dependencyNamesCarryNoCredentials() {
    assertEquals("postgresql://127.0.0.1:5432/test", DatabaseAddress.parse("jdbc:postgresql://127.0.0.1:5432/test").dependencyName());
    assertEquals("h2database:jdbcapp", DatabaseAddress.parse("jdbc:h2:mem:jdbcapp;PASSWORD=x").dependencyName());
    String name = DatabaseAddress.parse("jdbc:mysql://root:hunter2@db/shop?password=hunter2").dependencyName();
    assertEquals("mysql://db:3306/shop", name);
    assertFalse(name.contains("hunter2"));
    assertEquals("postgresql://[::1]:5432/x", DatabaseAddress.parse("jdbc:postgresql://[::1]/x").dependencyName());
    assertNull(DatabaseAddress.parse("jdbc:h2:mem:").namespace);
  }
}
