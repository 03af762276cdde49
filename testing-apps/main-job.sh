#!/usr/bin/env bash
# The main job: builds everything, starts a testing app with the Sightline agent attached on
# embedded defaults, sends one sample request and tells where to look. Ctrl-C stops it.
#   APP_PORT (default 8080), ENDPOINT_PORT (default 9464)
set -euo pipefail
cd "$(dirname "$0")/.."
APP_PORT=${APP_PORT:-8080}
ENDPOINT_PORT=${ENDPOINT_PORT:-9464}

echo "[main-job] building (mvn install, tests skipped)..."
mvn -B -q install -DskipTests

exporter=()
if ! (exec 3<>/dev/tcp/127.0.0.1/4318) 2>/dev/null; then
  echo "[main-job] no OTLP collector on localhost:4318: traces are kept for /traces only (start a collector to export them)"
  exporter=(-Dotel.traces.exporter=none)
fi

java -javaagent:agent/target/sightline-agent.jar \
  -Dotel.service.name=http-app \
  -Dsightline.endpoint.port="$ENDPOINT_PORT" \
  "${exporter[@]}" \
  -cp testing-apps/http-app/target/classes \
  dev.sightline.apps.http.HttpApp --port "$APP_PORT" &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 60); do
  curl -fsS "http://localhost:$APP_PORT/hello" >/dev/null 2>&1 && break
  sleep 0.5
done
echo "[main-job] sample request: curl http://localhost:$APP_PORT/chain"
curl -fsS "http://localhost:$APP_PORT/chain" && echo
sleep 1
cat <<MSG

[main-job] http-app runs with the agent. Look at:
  traces   http://localhost:$ENDPOINT_PORT/traces   (the /chain trace: 1 server span, 3 client spans, 3 server spans)
  metrics  http://localhost:$ENDPOINT_PORT/metrics
  health   http://localhost:$ENDPOINT_PORT/health   (and /ready, /live)
  more requests: curl http://localhost:$APP_PORT/chain?fail=1   curl http://localhost:$APP_PORT/api/orders/42
Ctrl-C to stop.
MSG
wait $app
