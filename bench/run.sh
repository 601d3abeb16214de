#!/usr/bin/env bash
# Tollgate benchmark: direct vs nginx vs Tollgate against the same upstream, on one machine.
#
#   bench/run.sh            full run (about 10 minutes), report in bench-results/<time>/report.md
#   bench/run.sh --quick    seconds-long smoke run of every phase
#   bench/run.sh --help     all options
#
# What it does, and why, is described in docs/performance.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

usage() {
  cat <<'EOF'
usage: bench/run.sh [--quick] [options]
  --quick                 smoke run: every phase for a few seconds, 100 concurrent streams
  --rates "500 1000 2000" fixed rates (requests/s) for the latency phase
  --duration S            measured seconds per fixed-rate and streaming run (default 20)
  --warmup S              warm-up seconds before each of those runs (default 5)
  --connections N         keep-alive connections of the open-loop generator (default 32)
  --sat-connections N     wrk connections for saturation (default 64)
  --sat-duration S        wrk seconds per target and round (default 10)
  --sat-rounds N          saturation rounds, each running every target once (default 3)
  --stream-rate R         streams/s in the streaming phase (default 100)
  --stream-connections N  connections for it; each stream holds one for ~0.4 s (default 256)
  --phases "LIST"         which of: sat rate stream streams (default all)
  --streams N             concurrent long streams (default 1000)
  --upstream nginx|fake   non-streaming upstream: nginx serving the fake's canned reply (default)
                          or the JVM fake itself; streaming always uses the JVM fake (paced)
  --env-cpus LIST         CPUs for generator, wrk and upstreams (default 0)
  --sut-cpus LIST         CPUs for the proxy under test, nginx or Tollgate (default 1)
  --no-pin                do not pin processes to CPUs
  --gateway-xmx SIZE      Tollgate heap limit (default 512m)
  --gateway-opts "FLAGS"  extra JVM flags for Tollgate, e.g. to A/B a setting (default none)
  --gateway-warmup S      least seconds of wrk load warming Tollgate's JIT (default 20); it goes
                          on in 10 s slices until the JIT compilers use under 2 % of a core
  --gateway-warmup-max S  most seconds of that warm-up (default 180)
  --baseline DIR          A/B of a change: a second Tollgate from another build (a quarkus-app
                          directory, e.g. of the previous commit) on the same CPU, warmed alike and
                          measured in the same saturation rounds; the report gives its ratio
  --jfr                   record a JFR profile of Tollgate (tollgate.jfr in the results)
  --rebuild               rebuild the fake upstream, Tollgate and the generator first
  --bg-limit CORES        other processes' CPU use above which a phase is measured again (default 0.15)
  --quiet-wait S          longest wait for the machine to be quiet before a phase (default 30);
                          waits and repeats stop once waiting has cost 120 s in total
  --out DIR               results directory (default bench-results/<UTC time>)
EOF
}

# ---------------------------------------------------------------- options
QUICK=0
RATES="500 1000 2000"
DURATION=20
WARMUP=5
CONNECTIONS=32
SAT_CONNECTIONS=64
SAT_DURATION=10
SAT_ROUNDS=3
SAT_WARMUP=5
GW_WARMUP=20
GW_WARMUP_MAX=180
STREAM_RATE=100
STREAM_CONNECTIONS=256
PHASES="sat rate stream streams"
STREAM_CHUNKS=16
STREAM_INTERVAL_MS=20
STREAMS=1000
STREAMS_RAMP=250
LONG_CHUNKS=20
LONG_INTERVAL_MS=500
UPSTREAM=nginx
ENV_CPUS=0
SUT_CPUS=1
PIN=1
GW_XMX=512m
GW_OPTS=""
BASELINE=""
JFR=0
REBUILD=0
BG_LIMIT=0.15
QUIET_WAIT=30
QUIET_BUDGET=120
RETRIES=1
OUT=""
ARGS="$*"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --rates) RATES="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --sat-connections) SAT_CONNECTIONS="$2"; shift ;;
    --sat-duration) SAT_DURATION="$2"; shift ;;
    --sat-rounds) SAT_ROUNDS="$2"; shift ;;
    --stream-rate) STREAM_RATE="$2"; shift ;;
    --stream-connections) STREAM_CONNECTIONS="$2"; shift ;;
    --phases) PHASES="$2"; shift ;;
    --streams) STREAMS="$2"; shift ;;
    --upstream) UPSTREAM="$2"; shift ;;
    --env-cpus) ENV_CPUS="$2"; shift ;;
    --sut-cpus) SUT_CPUS="$2"; shift ;;
    --no-pin) PIN=0 ;;
    --gateway-xmx) GW_XMX="$2"; shift ;;
    --gateway-opts) GW_OPTS="$2"; shift ;;
    --baseline) BASELINE="$2"; shift ;;
    --gateway-warmup) GW_WARMUP="$2"; shift ;;
    --gateway-warmup-max) GW_WARMUP_MAX="$2"; shift ;;
    --jfr) JFR=1 ;;
    --rebuild) REBUILD=1 ;;
    --bg-limit) BG_LIMIT="$2"; shift ;;
    --quiet-wait) QUIET_WAIT="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ "$UPSTREAM" == nginx || "$UPSTREAM" == fake ]] || { echo "--upstream is nginx or fake" >&2; exit 2; }
[[ -z $BASELINE || -f $BASELINE/quarkus-run.jar ]] || { echo "--baseline wants a quarkus-app directory (with quarkus-run.jar)" >&2; exit 2; }

if [[ $QUICK == 1 ]]; then
  RATES="500"; DURATION=2; WARMUP=0.5; SAT_DURATION=2; SAT_ROUNDS=1; SAT_WARMUP=1; GW_WARMUP=2; GW_WARMUP_MAX=2
  STREAM_RATE=50; STREAMS=100; STREAMS_RAMP=200; LONG_CHUNKS=3; LONG_INTERVAL_MS=200
  QUIET_WAIT=0; RETRIES=0
fi

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-bench-results/$STAMP}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
LOG="$OUT/run.log"
: >"$LOG"

say() { echo "[bench $(date -u +%H:%M:%S)] $*" | tee -a "$LOG" >&2; }
die() { say "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- prerequisites
need_apt=()
command -v nginx >/dev/null || need_apt+=(nginx)
command -v wrk >/dev/null || need_apt+=(wrk)
if [[ ${#need_apt[@]} -gt 0 ]]; then
  say "installing ${need_apt[*]} (Debian packages)"
  SUDO=""; [[ $(id -u) == 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >>"$LOG"
fi
command -v curl >/dev/null || die "curl is required"

FAKE_JAR=fake-providers/target/tollgate-fake-providers.jar
GW_JAR=proxy/target/quarkus-app/quarkus-run.jar
BENCH_JAR=bench/target/tollgate-bench.jar
build=()
[[ -f $FAKE_JAR && $REBUILD == 0 ]] || build+=(fake-providers)
[[ -f $GW_JAR && $REBUILD == 0 ]] || build+=(proxy)
[[ -f $BENCH_JAR && -d bench/target/lib && $REBUILD == 0 ]] || build+=(bench)
if [[ ${#build[@]} -gt 0 ]]; then
  modules=$(IFS=,; echo "${build[*]}")
  say "building $modules"
  ./mvnw -q -pl "$modules" -am install -DskipTests >>"$LOG" 2>&1 || die "build failed (see $LOG)"
fi

# Run private copies, so that a build during the run cannot swap classes under a running JVM.
GW_BUILT=$(date -u -r "$GW_JAR" +'%Y-%m-%d %H:%M UTC')
mkdir -p "$OUT/bin/fake" "$OUT/bin/bench"
cp "$FAKE_JAR" "$OUT/bin/fake/" && cp -r fake-providers/target/lib "$OUT/bin/fake/"
cp "$BENCH_JAR" "$OUT/bin/bench/" && cp -r bench/target/lib "$OUT/bin/bench/"
cp -r proxy/target/quarkus-app "$OUT/bin/tollgate"
if [[ -n $BASELINE ]]; then
  BASELINE_BUILT=$(date -u -r "$BASELINE/quarkus-run.jar" +'%Y-%m-%d %H:%M UTC')
  cp -r "$BASELINE" "$OUT/bin/baseline"
fi
FAKE_JAR="$OUT/bin/fake/tollgate-fake-providers.jar"
BENCH_JAR="$OUT/bin/bench/tollgate-bench.jar"
GW_JAR="$OUT/bin/tollgate/quarkus-run.jar"

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[[ $(ulimit -n) -ge $((STREAMS * 2 + 512)) ]] || say "warning: open-file limit $(ulimit -n) is low for $STREAMS streams"

if [[ $PIN == 1 ]]; then
  ENV_PIN=(taskset -c "$ENV_CPUS")
  SUT_PIN=(taskset -c "$SUT_CPUS")
else
  ENV_PIN=()
  SUT_PIN=()
fi

# ---------------------------------------------------------------- processes and cleanup
PIDS=()       # every long-lived process started here
SUT_PID=()    # per target: pids whose CPU and memory count as the proxy's
declare -A PROXY_PIDS

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CMD... : runs CMD in the background, output in $OUT/NAME.out, pid in $STARTED
start() {
  local name=$1; shift
  "$@" >"$OUT/$name.out" 2>&1 &
  STARTED=$!
  PIDS+=("$STARTED")
}

wait_for() { # wait_for WHAT CMD...: retries CMD for up to 60 s
  local what=$1; shift
  for _ in $(seq 1 300); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "$what did not come up (see $OUT)"
}

JAVA=${JAVA:-java}
read -r P_UP P_FS P_FL P_NG1 P_NG2 P_NG3 P_GW P_GWM P_GWB P_GWBM P_FLOOR < <("$JAVA" -jar "$BENCH_JAR" ports 11)

REPLY_TEXT="Tollgate benchmark reply: a fixed answer of about eighty words, so that every non-streamed response is close to one kilobyte of JSON and every streamed one is split into the same chunks. The words carry no meaning; they only give the proxies the same realistic amount of bytes to move, parse and forward on every request, for the direct path, for nginx and for Tollgate alike, from the first request of the run to the last one, with nothing random in between."

FAKE_JVM=(-Xms256m -Xmx256m -Xmn192m -XX:+UseSerialGC)
GEN_JVM=(-Xms512m -Xmx512m -Xmn384m -XX:+UseSerialGC)

say "results in $OUT"
say "starting upstreams on CPUs ${ENV_CPUS} (pinned: $PIN)"
start fake-stream "${ENV_PIN[@]}" "$JAVA" "${FAKE_JVM[@]}" -jar "$FAKE_JAR" --port "$P_FS" \
  --event-loops 1 --chunks "$STREAM_CHUNKS" --chunk-interval-ms "$STREAM_INTERVAL_MS" --fixed-reply "$REPLY_TEXT"
FS_PID=$STARTED
start fake-long "${ENV_PIN[@]}" "$JAVA" "${FAKE_JVM[@]}" -jar "$FAKE_JAR" --port "$P_FL" \
  --event-loops 1 --chunks "$LONG_CHUNKS" --chunk-interval-ms "$LONG_INTERVAL_MS" --fixed-reply "$REPLY_TEXT"
FL_PID=$STARTED
wait_for "fake upstream (streaming)" grep -q listening "$OUT/fake-stream.out"
wait_for "fake upstream (long streams)" grep -q listening "$OUT/fake-long.out"

BODY='{"model":"demo","messages":[{"role":"user","content":"Benchmark request: answer with the usual reply."}],"max_tokens":256}'
UPSTREAM_PIDS=("$FS_PID" "$FL_PID")
if [[ $UPSTREAM == fake ]]; then
  start fake-fast "${ENV_PIN[@]}" "$JAVA" "${FAKE_JVM[@]}" -jar "$FAKE_JAR" --port "$P_UP" \
    --event-loops 1 --chunks "$STREAM_CHUNKS" --chunk-interval-ms 0 --fixed-reply "$REPLY_TEXT"
  UP_PID=$STARTED
  wait_for "fake upstream" grep -q listening "$OUT/fake-fast.out"
  UPSTREAM_PIDS+=("$UP_PID")
  UPSTREAM_DESC="JVM fake (fake-providers, 1 event loop, --fixed-reply)"
else
  # The fake's own non-streamed reply, served by nginx from memory: the cheapest upstream there is.
  CANNED=$(curl -sf -X POST "http://127.0.0.1:$P_FS/v1/chat/completions" -H 'content-type: application/json' -d "$BODY")
  [[ -n $CANNED && $CANNED != *"'"* && $CANNED != *'$'* && $CANNED != *'\'* ]] || die "unexpected canned reply"
  mkdir -p "$OUT/nginx-upstream"
  cat >"$OUT/nginx-upstream/nginx.conf" <<EOF
worker_processes 1;
pid $OUT/nginx-upstream/nginx.pid;
error_log $OUT/nginx-upstream/error.log warn;
daemon off;
worker_rlimit_nofile $(ulimit -n);
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path $OUT/nginx-upstream/body;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$P_UP backlog=4096;
    location / {
      default_type application/json;
      return 200 '$CANNED';
    }
  }
}
EOF
  start nginx-upstream "${ENV_PIN[@]}" nginx -p "$OUT/nginx-upstream" -c "$OUT/nginx-upstream/nginx.conf" -e "$OUT/nginx-upstream/error.log"
  UP_PID=$STARTED
  wait_for "nginx upstream" curl -sf -X POST -d "$BODY" "http://127.0.0.1:$P_UP/v1/chat/completions"
  UPSTREAM_PIDS+=("$UP_PID")
  UPSTREAM_DESC="nginx returning the fake's reply from memory (1 worker; the cheapest upstream there is, a few times the JVM fake's rate)"
fi
RESP_BYTES=$(curl -s -X POST -d "$BODY" "http://127.0.0.1:$P_UP/v1/chat/completions" | wc -c)

# ---- nginx as the reference reverse proxy
NG="$OUT/nginx-proxy"
mkdir -p "$NG"
cat >"$NG/nginx.conf" <<EOF
worker_processes 1;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
daemon off;
worker_rlimit_nofile $(ulimit -n);
events { worker_connections 16384; }
http {
  log_format bench escape=json '{"time":"\$time_iso8601","method":"\$request_method","path":"\$uri","status":\$status,"bytes":\$bytes_sent,"duration_s":\$request_time,"upstream_s":"\$upstream_response_time"}';
  access_log $NG/access.log bench buffer=64k flush=1s;
  client_body_temp_path $NG/body;
  proxy_temp_path $NG/proxy;
  tcp_nodelay on;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_read_timeout 300s;
  upstream fast   { server 127.0.0.1:$P_UP; keepalive 256; keepalive_requests 1000000; keepalive_timeout 300s; }
  upstream stream { server 127.0.0.1:$P_FS; keepalive 256; keepalive_requests 1000000; keepalive_timeout 300s; }
  upstream long   { server 127.0.0.1:$P_FL; keepalive 256; keepalive_requests 1000000; keepalive_timeout 300s; }
  server { listen 127.0.0.1:$P_NG1 backlog=4096; location / { proxy_pass http://fast; } }
  server { listen 127.0.0.1:$P_NG2 backlog=4096; location / { proxy_pass http://stream; proxy_buffering off; } }
  server { listen 127.0.0.1:$P_NG3 backlog=4096; location / { proxy_pass http://long; proxy_buffering off; } }
}
EOF
say "starting nginx and Tollgate on CPUs ${SUT_CPUS}"
start nginx-proxy "${SUT_PIN[@]}" nginx -p "$NG" -c "$NG/nginx.conf" -e "$NG/error.log"
NG_PID=$STARTED
wait_for "nginx proxy" curl -sf -X POST -d "$BODY" "http://127.0.0.1:$P_NG1/v1/chat/completions"

# ---- Tollgate, configured as in production: key auth, metrics, access log, and limits and a
# budget that every request is reserved against and settled with (set high enough never to trip)
GWC="$OUT/tollgate-config"
mkdir -p "$GWC"
cat >"$GWC/bench.yaml" <<EOF
apiVersion: v1
kind: Secret
metadata: {name: bench-key}
stringData: {key: tg-bench-key}
---
apiVersion: tollgate.io/v1alpha1
kind: ApiKey
metadata: {name: bench}
spec:
  team: bench
  models: ["demo*"]
  secretRef: {name: bench-key}
  limits: {requestsPerMinute: 1000000000, tokensPerMinute: 1000000000000, maxParallelRequests: 1000000}
---
apiVersion: tollgate.io/v1alpha1
kind: TeamBudget
metadata: {name: bench}
spec: {team: bench, limitUsd: 1000000000, period: monthly, alertThresholds: [100]}
---
apiVersion: v1
kind: Secret
metadata: {name: upstream-credentials}
stringData: {apiKey: sk-bench-upstream}
EOF
for route in "demo:$P_UP" "demo-stream:$P_FS" "demo-long:$P_FL"; do
  cat >>"$GWC/bench.yaml" <<EOF
---
apiVersion: tollgate.io/v1alpha1
kind: ModelRoute
metadata: {name: ${route%%:*}}
spec:
  model: ${route%%:*}
  backends:
    - name: upstream
      provider: openai-compatible
      baseUrl: http://127.0.0.1:${route##*:}/v1
      model: fake-model
      credentialsSecretRef: {name: upstream-credentials, key: apiKey}
      pricing: {inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.60}
EOF
done
GW_FLAGS=(-Xmx"$GW_XMX" -XX:+ExitOnOutOfMemoryError -Dtollgate.upstream.max-connections-per-host=$((STREAMS + 64)))
read -r -a EXTRA_GW_FLAGS <<<"$GW_OPTS"
GW_FLAGS+=("${EXTRA_GW_FLAGS[@]}")
[[ $JFR == 1 ]] && GW_FLAGS+=(-XX:+FlightRecorder "-XX:StartFlightRecording=filename=$OUT/tollgate.jfr,settings=profile,dumponexit=true")
start tollgate "${SUT_PIN[@]}" "$JAVA" "${GW_FLAGS[@]}" \
  -Dquarkus.http.port="$P_GW" -Dquarkus.management.port="$P_GWM" -Dquarkus.http.host=127.0.0.1 \
  -Dquarkus.management.host=127.0.0.1 -Dtollgate.config="$GWC" -jar "$GW_JAR"
GW_PID=$STARTED
wait_for "Tollgate" curl -sf "http://127.0.0.1:$P_GWM/q/health/ready"
# The bare Vert.x proxy Tollgate is built on, for scale in the saturation table (the same CPU).
start floor "${SUT_PIN[@]}" "$JAVA" -Xmx"$GW_XMX" -jar "$BENCH_JAR" floor --port "$P_FLOOR" --upstream-port "$P_UP"
FLOOR_PID=$STARTED
wait_for "the Vert.x floor" curl -sf -X POST -d "$BODY" "http://127.0.0.1:$P_FLOOR/v1/chat/completions"
GWB_PID=""
if [[ -n $BASELINE ]]; then
  start baseline "${SUT_PIN[@]}" "$JAVA" "${GW_FLAGS[@]}" \
    -Dquarkus.http.port="$P_GWB" -Dquarkus.management.port="$P_GWBM" -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.management.host=127.0.0.1 -Dtollgate.config="$GWC" -jar "$OUT/bin/baseline/quarkus-run.jar"
  GWB_PID=$STARTED
  wait_for "the baseline Tollgate" curl -sf "http://127.0.0.1:$P_GWBM/q/health/ready"
fi
AUTH="Authorization: Bearer tg-bench-key"
curl -sf -X POST -H "$AUTH" -H 'content-type: application/json' -d "$BODY" "http://127.0.0.1:$P_GW/v1/chat/completions" >/dev/null \
  || die "Tollgate does not serve the benchmark route (see $OUT/tollgate.out)"

NG_PIDS=("$NG_PID" $(ps --ppid "$NG_PID" -o pid= 2>/dev/null))
PROXY_PIDS[direct]=""
PROXY_PIDS[nginx]="${NG_PIDS[*]}"
PROXY_PIDS[tollgate]="$GW_PID"
PROXY_PIDS[baseline]="$GWB_PID"
PROXY_PIDS[floor]="$FLOOR_PID"
declare -A URL_FAST URL_STREAM URL_LONG
URL_FAST=([direct]="http://127.0.0.1:$P_UP/v1/chat/completions" [nginx]="http://127.0.0.1:$P_NG1/v1/chat/completions" [tollgate]="http://127.0.0.1:$P_GW/v1/chat/completions" [baseline]="http://127.0.0.1:$P_GWB/v1/chat/completions" [floor]="http://127.0.0.1:$P_FLOOR/v1/chat/completions")
URL_STREAM=([direct]="http://127.0.0.1:$P_FS/v1/chat/completions" [nginx]="http://127.0.0.1:$P_NG2/v1/chat/completions" [tollgate]="http://127.0.0.1:$P_GW/v1/chat/completions")
URL_LONG=([direct]="http://127.0.0.1:$P_FL/v1/chat/completions" [nginx]="http://127.0.0.1:$P_NG3/v1/chat/completions" [tollgate]="http://127.0.0.1:$P_GW/v1/chat/completions")
TARGETS=(direct nginx tollgate)
SAT_TARGETS=("${TARGETS[@]}" floor)
[[ -n $BASELINE ]] && SAT_TARGETS+=(baseline)

# ---------------------------------------------------------------- CPU and memory accounting
HZ=$(getconf CLK_TCK)
pid_jiffies() { # utime+stime of the given pids
  local total=0 pid f
  for pid in "$@"; do
    if [[ -r /proc/$pid/stat ]]; then
      f=$(sed 's/^.*) //' "/proc/$pid/stat")
      read -r -a a <<<"$f"
      total=$((total + a[11] + a[12]))
    fi
  done
  echo "$total"
}
self_children_jiffies() { # CPU of this script's finished children (generators, wrk)
  local f; f=$(sed 's/^.*) //' "/proc/$$/stat"); read -r -a a <<<"$f"; echo $((a[13] + a[14]))
}
jit_jiffies() { # CPU of a JVM's JIT compiler threads
  local sum=0 t
  for t in /proc/"$1"/task/*; do
    case $(cat "$t/comm" 2>/dev/null) in
      "C1 CompilerThre"* | "C2 CompilerThre"*) sum=$((sum + $(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null || echo 0))) ;;
    esac
  done
  echo "$sum"
}
busy_jiffies() { local a; read -r -a a < <(grep '^cpu ' /proc/stat); echo $((a[1] + a[2] + a[3] + a[6] + a[7] + a[8])); }
ALL_OURS() { echo "${UPSTREAM_PIDS[*]} ${NG_PIDS[*]} $GW_PID $GWB_PID $FLOOR_PID"; }
ours_jiffies() { echo $(($(pid_jiffies $(ALL_OURS)) + $(self_children_jiffies))); }
status_kb() { # status_kb FIELD pids...: sum of a /proc/<pid>/status field (kB)
  local field=$1 total=0 v; shift
  for pid in "$@"; do
    v=$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# Other processes' CPU, in cores, over one second with the benchmark idle.
background_now() {
  local b0 o0 b1 o1
  b0=$(busy_jiffies); o0=$(ours_jiffies); sleep 1; b1=$(busy_jiffies); o1=$(ours_jiffies)
  awk -v d=$(((b1 - b0) - (o1 - o0))) -v hz="$HZ" 'BEGIN { x = d / hz; if (x < 0) x = 0; printf "%.2f", x }'
}
over_limit() { awk -v x="$1" -v l="$BG_LIMIT" 'BEGIN { exit !(x > l) }'; }

QUIET_SPENT=0
wait_quiet() {
  local began=$SECONDS waited=0 bg
  [[ $QUIET_WAIT -gt 0 ]] || return 0
  while true; do
    bg=$(background_now)
    waited=$((SECONDS - began))
    if ! over_limit "$bg" || [[ $waited -ge $QUIET_WAIT || $((QUIET_SPENT + waited)) -ge $QUIET_BUDGET ]]; then
      QUIET_SPENT=$((QUIET_SPENT + waited))
      [[ $waited -gt 1 ]] && say "  waited ${waited}s for other processes to settle (now $bg cores busy)"
      return 0
    fi
  done
}

# measure FILE TARGET CMD...: runs a measured phase; appends the proxy's CPU seconds and the CPU other
# processes used meanwhile; measures again (once) when others used more than --bg-limit cores.
measure() {
  local file=$1 target=$2; shift 2
  local attempt=0 b0 o0 p0 t0 b1 o1 p1 t1 bg
  while true; do
    wait_quiet
    b0=$(busy_jiffies); o0=$(ours_jiffies); p0=$(pid_jiffies ${PROXY_PIDS[$target]}); t0=$(date +%s.%N)
    "$@" >"$file.tmp" 2>>"$LOG" || { say "  command failed: $*"; cat "$file.tmp" >>"$LOG"; }
    b1=$(busy_jiffies); o1=$(ours_jiffies); p1=$(pid_jiffies ${PROXY_PIDS[$target]}); t1=$(date +%s.%N)
    bg=$(awk -v d=$(((b1 - b0) - (o1 - o0))) -v hz="$HZ" -v t0="$t0" -v t1="$t1" \
      'BEGIN { x = d / hz / (t1 - t0); if (x < 0) x = 0; printf "%.3f", x }')
    if over_limit "$bg" && [[ $attempt -lt $RETRIES && $QUIET_SPENT -lt $QUIET_BUDGET ]]; then
      attempt=$((attempt + 1))
      say "  other processes used $bg cores during the run: measuring again"
      continue
    fi
    {
      cat "$file.tmp"
      [[ -n ${PROXY_PIDS[$target]} ]] && echo "proxy_cpu_s=$(awk -v j=$((p1 - p0)) -v hz="$HZ" 'BEGIN { printf "%.2f", j / hz }')"
      echo "background_cores=$bg"
      echo "attempts=$((attempt + 1))"
    } >"$file"
    rm -f "$file.tmp"
    return 0
  done
}

GEN=("${ENV_PIN[@]}" "$JAVA" "${GEN_JVM[@]}" -jar "$BENCH_JAR")

# own_time FILE: adds Tollgate's own time per request in the run's window, read from its access log
# (latency_ms − upstream_ms), once the log has written the run's last lines.
own_time() {
  sleep 1
  "$JAVA" -jar "$BENCH_JAR" own-time --log "$OUT/tollgate.out" --results "$1" 2>>"$LOG" || say "  own time not read (see $LOG)"
}
WRK_LUA="$OUT/post.lua"
cat >"$WRK_LUA" <<EOF
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer tg-bench-key"
EOF
run_wrk() { # run_wrk URL SECONDS
  "${ENV_PIN[@]}" wrk -t1 -c"$SAT_CONNECTIONS" -d"$2"s --latency -s "$WRK_LUA" "$1" >"$OUT/wrk.last" 2>&1 || true
  cat "$OUT/wrk.last" >>"$LOG"
  awk -v dur="$2" '
    /Requests\/sec:/ { rps = $2 }
    / requests in / { req = $1 }
    $1 == "Latency" && $2 ~ /^[0-9]/ { lat = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(/,/, ""); sock = $4 + $6 + $8 + $10; detail = $0 }
    END {
      printf "rps=%s\nrequests=%s\nlatency_avg=%s\nerrors=%d\nerror_detail=%s\nduration_s=%s\n", rps, req, lat, non2xx + sock, (detail == "" ? "none" : detail), dur
    }' "$OUT/wrk.last"
}

# ---------------------------------------------------------------- metadata
cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
mem_gb=$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)
{
  echo "date=$(date -u +%Y-%m-%d)"
  echo "title=$([[ $QUICK == 1 ]] && echo 'quick smoke run' || echo 'full run')"
  echo "machine=$(nproc) CPUs ($cpu_model), ${mem_gb} GB RAM, Linux $(uname -r)"
  echo "jdk=$("$JAVA" -version 2>&1 | head -2 | tail -1)"
  echo "command=bench/run.sh $ARGS"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown), Tollgate built $GW_BUILT"
  [[ -n $BASELINE ]] && echo "baseline=$BASELINE, built $BASELINE_BUILT; same flags and CPU as Tollgate"
  if [[ $PIN == 1 ]]; then
    echo "pinning=generator, wrk and upstreams on CPU $ENV_CPUS; the proxy under test (nginx or Tollgate) alone on CPU $SUT_CPUS (taskset)"
  else
    echo "pinning=none"
  fi
  echo "upstream=$UPSTREAM_DESC, ${RESP_BYTES}-byte reply; streaming: JVM fake, $((STREAM_CHUNKS + 2)) data events $STREAM_INTERVAL_MS ms apart"
  echo "gateway=$(echo "${GW_FLAGS[*]}" | sed "s|$OUT/||"); key auth, Prometheus metrics and JSON access log (stdout to a file) on; JVM defaults otherwise"
  echo "nginx=$(nginx -v 2>&1 | sed 's/.*version: //'), 1 worker, keep-alive upstream pools (256 idle), JSON access log (64 KB buffer), proxy_buffering off for streams"
  echo "load=open-loop generator: $CONNECTIONS keep-alive connections, ${WARMUP} s warm-up + ${DURATION} s measured per run; Tollgate JIT warm-up: wrk until its compilers are quiet (below)"
  echo "sat=wrk 1 thread, $SAT_CONNECTIONS connections, $SAT_ROUNDS round(s) of ${SAT_DURATION} s per target, targets interleaved, after ${SAT_WARMUP} s warm-up, $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
  echo "rates=$RATES"
  echo "rate_load=$CONNECTIONS connections"
  echo "stream_load=$STREAM_RATE streams/s on up to $STREAM_CONNECTIONS connections, $((STREAM_CHUNKS + 2)) chunks $STREAM_INTERVAL_MS ms apart"
  echo "streams_load=$STREAMS streams opened at $STREAMS_RAMP/s, each $((LONG_CHUNKS + 2)) chunks $LONG_INTERVAL_MS ms apart (~$(((LONG_CHUNKS + 2) * LONG_INTERVAL_MS / 1000)) s)"
  echo "background_before=$(background_now)"
} >"$OUT/meta.properties"

# ---------------------------------------------------------------- warm-up
say "warm-up"
for t in "${TARGETS[@]}"; do
  run_wrk "${URL_FAST[$t]}" "$SAT_WARMUP" >/dev/null
done
# Tollgate's JIT: until its compiler threads are nearly idle, so that no phase measures code still
# being compiled (on one pinned core, the compilers take CPU from the event loops).
warm_jit() { # warm_jit NAME PID URL: prints "<seconds> <JIT % of a core in the last slice>"
  local warmed=0 slice j0 j1 pct
  while true; do
    slice=$((GW_WARMUP < 10 ? GW_WARMUP : 10))
    j0=$(jit_jiffies "$2")
    run_wrk "$3" "$slice" >/dev/null
    j1=$(jit_jiffies "$2")
    warmed=$((warmed + slice))
    pct=$(awk -v j=$((j1 - j0)) -v hz="$HZ" -v s="$slice" 'BEGIN { printf "%.1f", 100 * j / hz / s }')
    say "  $1 warm-up: ${warmed} s, JIT compilers used ${pct} % of a core in the last ${slice} s"
    if { [[ $warmed -ge $GW_WARMUP ]] && awk -v p="$pct" 'BEGIN { exit !(p < 2) }'; } || [[ $warmed -ge $GW_WARMUP_MAX ]]; then
      break
    fi
  done
  echo "$warmed $pct $slice"
}
read -r warmed jit_pct slice < <(warm_jit Tollgate "$GW_PID" "${URL_FAST[tollgate]}")
echo "gateway_warmup=${warmed} s of wrk; its JIT compilers used ${jit_pct} % of a core in the last ${slice} s" >>"$OUT/meta.properties"
warm_jit floor "$FLOOR_PID" "${URL_FAST[floor]}" >/dev/null
if [[ -n $BASELINE ]]; then
  read -r warmed jit_pct slice < <(warm_jit baseline "$GWB_PID" "${URL_FAST[baseline]}")
  echo "baseline_warmup=${warmed} s of wrk; its JIT compilers used ${jit_pct} % of a core in the last ${slice} s" >>"$OUT/meta.properties"
fi
"${GEN[@]}" stream --url "${URL_STREAM[tollgate]}" --model demo-stream --header "$AUTH" --rate "$STREAM_RATE" \
  --connections "$STREAM_CONNECTIONS" --warmup 0 --duration "$SAT_WARMUP" >/dev/null 2>>"$LOG" || true

phase() { [[ " $PHASES " == *" $1 "* ]]; }

# ---------------------------------------------------------------- saturation
# Rounds of every target in turn: a slow spell of the machine then lands on all of a round's targets.
phase sat && for round in $(seq 1 "$SAT_ROUNDS"); do
  for t in "${SAT_TARGETS[@]}"; do
    say "saturation round $round: $t"
    [[ $QUICK == 1 ]] || run_wrk "${URL_FAST[$t]}" 2 >/dev/null
    measure "$OUT/sat-$t-$round.properties" "$t" run_wrk "${URL_FAST[$t]}" "$SAT_DURATION"
    say "  $(grep '^rps=' "$OUT/sat-$t-$round.properties") $(grep '^errors=' "$OUT/sat-$t-$round.properties")"
  done
done

# ---------------------------------------------------------------- fixed rates
phase rate && for rate in $RATES; do
  for t in "${TARGETS[@]}"; do
    say "fixed rate $rate/s: $t"
    measure "$OUT/rate-$t-$rate.properties" "$t" "${GEN[@]}" rate --url "${URL_FAST[$t]}" --model demo \
      --header "$AUTH" --rate "$rate" --connections "$CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION"
    [[ $t == tollgate ]] && own_time "$OUT/rate-$t-$rate.properties"
    say "  $(grep -E '^(latency_p50_us|latency_p99_us|errors|own_time_p99_us)=' "$OUT/rate-$t-$rate.properties" | tr '\n' ' ')"
  done
done

# ---------------------------------------------------------------- streaming
phase stream && for t in "${TARGETS[@]}"; do
  say "streaming $STREAM_RATE/s: $t"
  measure "$OUT/stream-$t.properties" "$t" "${GEN[@]}" stream --url "${URL_STREAM[$t]}" --model demo-stream \
    --header "$AUTH" --rate "$STREAM_RATE" --connections "$STREAM_CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION"
  [[ $t == tollgate ]] && own_time "$OUT/stream-$t.properties"
  say "  $(grep -E '^(ttft_p50_us|ttft_p99_us|gap_p99_us|errors|own_time_p99_us)=' "$OUT/stream-$t.properties" | tr '\n' ' ')"
done

# ---------------------------------------------------------------- concurrent long streams (memory)
phase streams && for t in "${TARGETS[@]}"; do
  say "$STREAMS concurrent streams: $t"
  pids=${PROXY_PIDS[$t]}
  run_peak="" start_rss=""
  if [[ -n $pids ]]; then
    run_peak=$(status_kb VmHWM $pids)
    for pid in $pids; do echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true; done # resets VmHWM
    start_rss=$(status_kb VmRSS $pids)
  fi
  measure "$OUT/streams-$t.properties" "$t" "${GEN[@]}" streams --url "${URL_LONG[$t]}" --model demo-long \
    --header "$AUTH" --count "$STREAMS" --rate "$STREAMS_RAMP" --timeout 60
  if [[ -n $pids ]]; then
    {
      echo "peak_rss_kb=$(status_kb VmHWM $pids)"
      echo "start_rss_kb=$start_rss"
      echo "run_peak_rss_kb=$(( run_peak > $(status_kb VmHWM $pids) ? run_peak : $(status_kb VmHWM $pids) ))"
    } >>"$OUT/streams-$t.properties"
  fi
  say "  $(grep -E '^(completed|errors|peak_open_streams|peak_rss_kb)=' "$OUT/streams-$t.properties" | tr '\n' ' ')"
done

echo "background_after=$(background_now)" >>"$OUT/meta.properties"
curl -sf "http://127.0.0.1:$P_GWM/q/metrics" >"$OUT/tollgate-metrics.txt" || true

# ---------------------------------------------------------------- report
"$JAVA" -jar "$BENCH_JAR" report --dir "$OUT" --out "$OUT/report.md" >/dev/null
mkdir -p bench-results
cp "$OUT/report.md" bench-results/latest.md
cat "$OUT/report.md"
say "report: $OUT/report.md"
