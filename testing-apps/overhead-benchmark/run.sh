#!/usr/bin/env bash
# Overhead benchmark: http-app (or the shop) with no agent, with Sightline and with the
# OpenTelemetry Java agent.
#
#   testing-apps/overhead-benchmark/run.sh [options]      side-by-side run (see --help); default 5 rounds
#   testing-apps/overhead-benchmark/run.sh --app shop ... the same with the shop (POST /orders)
#   testing-apps/overhead-benchmark/run.sh jmh [jmh opts] JMH benchmark of the agent's hot path
#
# Builds what it needs first (the agent jar, http-app, this module; the benchmark profile fetches
# the OpenTelemetry Java agent with Maven). Results go to target/benchmark-results/ (the shop's to
# target/benchmark-results/shop/).
# Environment:
#   SIGHTLINE_AGENT_JAR=path  use this agent jar and do not build the agent
#   SKIP_BUILD=1              build nothing (everything already built)
set -euo pipefail
module_dir="$(cd "$(dirname "$0")" && pwd)"
root_dir="$(cd "$module_dir/../.." && pwd)"

mode=overhead
if [[ "${1:-}" == "jmh" ]]; then
  mode=jmh
  shift
fi

app=http-app
previous=
for arg in "$@"; do
  [[ "$previous" == "--app" ]] && app="$arg"
  previous="$arg"
done

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  projects="testing-apps/http-app,testing-apps/overhead-benchmark"
  if [[ "$app" == "shop" ]]; then
    projects="$projects,testing-apps/shop"
  fi
  if [[ -z "${SIGHTLINE_AGENT_JAR:-}" ]]; then
    echo "[run.sh] building the agent, $app and the benchmark"
    (cd "$root_dir" && mvn -B -q -Pbenchmark -Dmaven.test.skip=true package -pl "agent,$projects" -am)
  else
    echo "[run.sh] building $app and the benchmark (agent: $SIGHTLINE_AGENT_JAR)"
    (cd "$root_dir" && mvn -B -q -Pbenchmark -Dmaven.test.skip=true package -pl "$projects")
  fi
fi

cd "$module_dir"
classpath="target/classes:$(cat target/runtime.classpath)"
results=target/benchmark-results
mkdir -p "$results"

if [[ "$mode" == "jmh" ]]; then
  # -prof gc adds the allocation rate per operation (gc.alloc.rate.norm, B/op).
  java -cp "$classpath" org.openjdk.jmh.Main "${JMH_INCLUDE:-Benchmark}" -prof gc \
    -rf json -rff "$results/jmh.json" "$@" | tee "$results/jmh.txt"
  exit "${PIPESTATUS[0]}"
fi

agent_jar="${SIGHTLINE_AGENT_JAR:-$root_dir/agent/target/sightline-agent.jar}"
exec java -XX:+UseSerialGC -Xmx256m \
  -Dbenchmark.command="testing-apps/overhead-benchmark/run.sh $*" \
  -cp "$classpath" dev.sightline.benchmark.OverheadBenchmark \
  --sightline-agent "$agent_jar" "$@"
