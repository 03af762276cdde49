#!/usr/bin/env bash
# The main job: builds the agent and the shop, starts the shop with the Sightline agent attached on
# embedded defaults (H2 in memory, an in-process Kafka broker and AMQP broker), sends one sample
# order and tells where to look. Ctrl-C stops it.
#   APP_PORT (default 8080), ENDPOINT_PORT (default 9464)
#   Extra arguments go to the shop, e.g. --load (a steady trickle of orders, some failing) or
#   --jdbc-url / --kafka-bootstrap / --amqp-uri for real servers.
set -euo pipefail
cd "$(dirname "$0")/.."
APP_PORT=${APP_PORT:-8080}
ENDPOINT_PORT=${ENDPOINT_PORT:-9464}

echo "[main-job] building the agent and the shop (mvn install, tests skipped)..."
mvn -B -q install -Dmaven.test.skip=true -pl testing-apps/shop -am

exporter=()
if ! (exec 3<>/dev/tcp/127.0.0.1/4318) 2>/dev/null; then
  echo "[main-job] no OTLP collector on localhost:4318: traces are kept for /traces only (start a collector to export them)"
  exporter=(-Dotel.traces.exporter=none)
fi

echo "[main-job] starting the shop (the embedded brokers take a few seconds)..."
java -javaagent:agent/target/sightline-agent.jar \
  -Dotel.service.name=shop \
  -Dsightline.endpoint.port="$ENDPOINT_PORT" \
  "${exporter[@]}" \
  -cp "testing-apps/shop/target/classes:$(cat testing-apps/shop/target/runtime.classpath)" \
  dev.sightline.apps.shop.ShopApp --port "$APP_PORT" "$@" &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null' EXIT INT TERM

# Any answer will do (404 here): a path outside the shop's routes leaves no trace behind.
for _ in $(seq 1 240); do
  curl -s -o /dev/null "http://localhost:$APP_PORT/" && break
  kill -0 $app 2>/dev/null || { echo "[main-job] the shop exited"; exit 1; }
  sleep 0.5
done
echo "[main-job] sample request: curl -X POST localhost:$APP_PORT/orders -d '{\"product\":\"book\",\"quantity\":2}'"
curl -fsS -X POST "http://localhost:$APP_PORT/orders" -d '{"product":"book","quantity":2}' && echo
sleep 1
cat <<MSG

[main-job] the shop runs with the agent. Look at:
  viewer   http://localhost:$ENDPOINT_PORT/         (the trace viewer: recent traces, the order's waterfall, dependencies)
  traces   http://localhost:$ENDPOINT_PORT/traces   (the POST /orders trace: 12 spans, one trace id: the server span,
           pricing and inventory client calls and their server spans, INSERT shop_orders, send/process shop.orders
           with UPDATE shop_orders under it, publish/process shop.audit with INSERT shop_order_audit under it)
  metrics  http://localhost:$ENDPOINT_PORT/metrics  (http_*, db_client_*, messaging_*, jvm_*)
  health   http://localhost:$ENDPOINT_PORT/health   (the database, Kafka, the AMQP broker, the HTTP peer; /ready, /live)
  ops      http://localhost:$ENDPOINT_PORT/ops/alerts.yml and /ops/dashboard.json (Prometheus rules, Grafana dashboard)
  more requests: curl -X POST localhost:$APP_PORT/orders -d '{"product":"unicorn"}'      (unknown product: 422)
                 curl -X POST localhost:$APP_PORT/orders -d '{"product":"typewriter"}'   (inventory down: 502)
                 curl localhost:$APP_PORT/orders/<orderId>                              (PLACED, then SHIPPED)
  steady traffic: run it again with --load
Ctrl-C to stop.
MSG
wait $app
