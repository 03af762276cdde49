package dev.sightline.instrumentation.jdbc;

/** Everyday and awkward statements that several tests run through both classes. */
final class SqlCorpus {

  static final String[] QUERIES = {
    "SELECT * FROM orders WHERE id = 42 AND name = 'x'",
    "select o.id, o.total from public.orders o where o.status in (1, 2, 3) order by o.id limit 10",
    "SELECT EXTRACT(YEAR FROM created_at), count(*) FROM orders GROUP BY 1",
    "SELECT * FROM \"Order Items\" WHERE \"qty 2\" > 0",
    "SELECT * FROM [dbo].[Order Items] WITH (NOLOCK) WHERE id = @id",
    "SELECT * FROM #temp WHERE x = 1",
    "SELECT * FROM a JOIN b ON a.id = b.a_id",
    "SELECT * FROM a, b WHERE a.id = b.id",
    "SELECT * FROM (SELECT 1) x",
    "SELECT * FROM orders WHERE id IN (SELECT order_id FROM items)",
    "SELECT a FROM t UNION SELECT a FROM u",
    "SELECT * FROM generate_series(1, 10)",
    "SELECT 1",
    "INSERT INTO public.orders (id, note) VALUES (?, 'it''s')",
    "INSERT INTO orders SELECT * FROM staged_orders",
    "INSERT OR REPLACE INTO kv (k, v) VALUES ('a', 1)",
    "INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = EXCLUDED.a",
    "UPDATE orders SET status = 'paid', paid_at = now() WHERE id = $1",
    "UPDATE orders SET total = items.sum FROM items WHERE items.order_id = orders.id",
    "DELETE FROM orders WHERE created_at < '2020-01-01'",
    "DELETE FROM orders USING items WHERE items.order_id = orders.id",
    "MERGE INTO orders t USING (VALUES (?, ?)) AS s (id, total) ON t.id = s.id"
        + " WHEN MATCHED THEN UPDATE SET total = s.total",
    "MERGE INTO orders t USING staged s ON t.id = s.id WHEN MATCHED THEN DELETE",
    "CREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY, note text DEFAULT 'none')",
    "CREATE INDEX idx_orders_status ON orders (status)",
    "DROP TABLE IF EXISTS audit_log",
    "ALTER TABLE orders ADD COLUMN note2 varchar(20) DEFAULT 'n/a'",
    "TRUNCATE TABLE orders",
    "{call refresh_totals(?, 'x')}",
    "{? = call pkg.compute(?)}",
    "WITH recent AS (SELECT * FROM orders WHERE created_at > now()) SELECT * FROM recent",
    "UPDATE t SET a = 1; DELETE FROM u WHERE b = 's3cr3t'",
    "/* leading */ SELECT * FROM orders -- trailing",
    "SELECT $$body$$, E'a\\\\b' FROM t WHERE a = TRUE",
    "SELECT * FROM t WHERE name = 'O\\'Brien' AND card = '4111111111111111'",
    "SELECT 1 /* a /* b */ c */ FROM t",
    "SELECT q'[it's]' FROM dual",
    "SELECT * FROM 顧客 WHERE 名前 = '秘密'",
    "BEGIN",
    "SET search_path TO app, public",
  };

  private SqlCorpus() {}
}
