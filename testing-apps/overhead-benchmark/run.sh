#!/usr/bin/env bash
# Overhead benchmark: http-app (or the shop) with no agent, with Sightline and with the
# OpenTelemetry Java agent.
#
#   testing-apps/overhead-benchmark/run.sh [options]      side-by-side run (see --help); default 5 rounds
#   testing-apps/overhead-benchmark/run.sh --app shop ... the same with the shop (POST /orders)
#   testing-apps/overhead-benchmark/run.sh jmh [jmh opts] JMH benchmark of the agent's hot path
#   testing-apps/overhead-benchmark/run.sh messaging ...  Kafka and RabbitMQ load tools as they
#                                                         ship (see messaging --help); 3 rounds
#
# Builds what it needs first (the agent jar, http-app, this module; the benchmark profile fetches
# the OpenTelemetry Java agent with Maven). Results go to target/benchmark-results/ (the shop's to
# target/benchmark-results/shop/).
# Environment:
#   SIGHTLINE_AGENT_JAR=path  use this agent jar and do not build the agent
#   SKIP_BUILD=1              build nothing (everything already built)
#   KAFKA_VERSION=v           messaging: kafka-tools and the broker kafka_2.13, one version (4.3.1)
#   PERF_TEST_VERSION=v       messaging: com.rabbitmq:perf-test (2.22.1)
set -euo pipefail
module_dir="$(cd "$(dirname "$0")" && pwd)"
root_dir="$(cd "$module_dir/../.." && pwd)"

mode=overhead
if [[ "${1:-}" == "jmh" || "${1:-}" == "messaging" ]]; then
  mode="$1"
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
  if [[ "$mode" == "messaging" ]]; then
    projects="testing-apps/overhead-benchmark"
  elif [[ "$app" == "shop" ]]; then
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

if [[ "$mode" == "messaging" ]]; then
  # Each tool gets a POM with nothing but that tool in it, so its class path is what its own POM
  # resolves to, untouched by this module's dependency management or by the other tool.
  tools_dir=target/benchmark/tools
  resolve_tool() { # name groupId artifactId version
    local dir="$tools_dir/$1"
    if [[ "${SKIP_BUILD:-}" == "1" && -s "$tools_dir/$1.classpath" ]]; then
      return 0
    fi
    mkdir -p "$dir"
    printf '%s\n' '<project xmlns="http://maven.apache.org/POM/4.0.0">' \
      '  <modelVersion>4.0.0</modelVersion>' \
      "  <groupId>dev.sightline.benchmark.tools</groupId><artifactId>$1</artifactId><version>1</version>" \
      '  <packaging>pom</packaging>' \
      "  <dependencies><dependency><groupId>$2</groupId><artifactId>$3</artifactId><version>$4</version></dependency></dependencies>" \
      '</project>' >"$dir/pom.xml"
    echo "[run.sh] resolving $2:$3:$4"
    mvn -B -q -f "$dir/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.outputFile="$PWD/$tools_dir/$1.classpath"
  }
  kafka_version="${KAFKA_VERSION:-4.3.1}"
  resolve_tool kafka-tools org.apache.kafka kafka-tools "$kafka_version"
  resolve_tool kafka-broker org.apache.kafka kafka_2.13 "$kafka_version"
  resolve_tool perf-test com.rabbitmq perf-test "${PERF_TEST_VERSION:-2.22.1}"
  exec java -XX:+UseSerialGC -Xmx256m \
    -Dbenchmark.command="testing-apps/overhead-benchmark/run.sh messaging $*" \
    -cp "$classpath" dev.sightline.benchmark.MessagingBenchmark \
    --sightline-agent "$agent_jar" --tools-dir "$tools_dir" "$@"
fi
exec java -XX:+UseSerialGC -Xmx256m \
  -Dbenchmark.command="testing-apps/overhead-benchmark/run.sh $*" \
  -cp "$classpath" dev.sightline.benchmark.OverheadBenchmark \
  --sightline-agent "$agent_jar" "$@"
