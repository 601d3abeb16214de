#!/usr/bin/env bash
# Builds Tollgate (when sources changed) and runs the gateway on the quick-start manifests in
# config/quickstart, with a fake OpenAI-compatible model server on 127.0.0.1:9090 standing in for
# vLLM, Ollama or OpenAI. Ctrl-C stops both.
#
# Environment:
#   TOLLGATE_CONFIG   manifests to serve instead of config/quickstart (a file or a directory)
#   QUICKSTART_FAKE   set to 0 to skip the fake upstream (when your manifests point elsewhere)
set -euo pipefail
cd "$(dirname "$0")"

gateway_jar=proxy/target/quarkus-app/quarkus-run.jar
fake_jar=fake-providers/target/tollgate-fake-providers.jar

stale() {
  [[ ! -f "$gateway_jar" || ! -f "$fake_jar" ]] && return 0
  [[ -n "$(find . -path ./bench -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' \) \
      -newer "$gateway_jar" -print -quit)" ]]
}

if stale; then
  echo "Building Tollgate (./mvnw install -DskipTests)..."
  ./mvnw -q -B install -DskipTests -pl proxy,fake-providers -am
fi

fake_pid=
cleanup() {
  if [[ -n "$fake_pid" ]]; then kill "$fake_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM

if [[ "${QUICKSTART_FAKE:-1}" != 0 ]]; then
  java -jar "$fake_jar" --port 9090 --chunks 8 --chunk-interval-ms 40 &
  fake_pid=$!
fi

export TOLLGATE_CONFIG="${TOLLGATE_CONFIG:-config/quickstart}"
echo "Tollgate on http://localhost:8080 (health and metrics on :9000), serving $TOLLGATE_CONFIG"
java -jar "$gateway_jar" &
gateway_pid=$!
# Forward Ctrl-C / TERM to the gateway so it shuts down gracefully, then clean up.
trap 'kill -TERM "$gateway_pid" 2>/dev/null || true' INT TERM
wait "$gateway_pid" || true
wait "$gateway_pid" 2>/dev/null || true
