#!/usr/bin/env bash
# Webhook load benchmark: the gateway's Messenger ingest path (verify the signature,
# parse, keep the delivery durably and sealed, answer 200; then file it: pseudonymise,
# thread, triage, store the tip and queue the acknowledgement) against a private
# nginx answering the same signed POSTs with a fixed 200, same certificate, same core.
#
# Usage (as root on Debian 12, from anywhere):
#   bench/webhook_load/run.sh [TIPLINE_BINARY]
#   DURATION=20s CONNECTIONS=64 bench/webhook_load/run.sh
#   TIPLINE_BINARY=build-bench/gateway/tipline bench/webhook_load/run.sh
#
# Environment (defaults in brackets):
#   DURATION [20s]        measured run per target (wrk -d)
#   WARMUP [3s]           warm-up run per target before it, same connections, not measured
#   CONNECTIONS [64]      keep-alive TLS connections (wrk -c)
#   THREADS [1]           wrk threads (wrk -t); each sends its own share of the bodies
#   BODIES [300000]       pre-signed bodies, each with a fresh mid; the gateway's warm-up
#                         and run together must not send more (the run fails if they do)
#   SENDERS [4000]        distinct Messenger PSIDs the bodies come from
#   TIPLINE_BINARY        the gateway to measure; unset: build it (Release) in BUILD_DIR
#   BUILD_DIR [<repo>/build-bench]
#   SERVER_CPU [0]        core for the gateway and for nginx (taskset)
#   CLIENT_CPU [1]        core for wrk
#   GATEWAY_IO_THREADS, GATEWAY_HANDLER_THREADS   override the gateway's default server
#                         threads (one I/O thread per core it may use, so 1 under
#                         taskset; 16 handler threads)
#   DRAIN_LIMIT [1800]    seconds to wait after the run for every acknowledged delivery
#                         to be filed before stopping the gateway
#   KEEP=1                keep the scratch directory (config, data, logs, bodies)
#
# Prints requests/s, p50/p99/p99.9 latency and peak RSS for both targets (and for the
# gateway refusing the same POSTs at its signature check: its HTTP stack alone), their ratio,
# how long the gateway took after the run to file what it had acknowledged, then checks
# that every request the gateway acknowledged (HTTP 200) is a filed event in the
# database. Exits 1 if an acknowledged message is missing, 2 on a setup failure, 3 if
# BODIES was too small for the gateway's rate; the performance goals are only reported.
set -euo pipefail

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
BODIES=${BODIES:-300000}
SENDERS=${SENDERS:-4000}
BUILD_DIR=${BUILD_DIR:-$repo/build-bench}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
TIPLINE_BINARY=${1:-${TIPLINE_BINARY:-}}
KEEP=${KEEP:-0}

log() { printf '[webhook_load] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

# --- tools ----------------------------------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
command -v python3 >/dev/null || need+=(python3)
command -v openssl >/dev/null || need+=(openssl)
if ((${#need[@]})); then
  [[ $(id -u) -eq 0 ]] || die "missing ${need[*]}: install them (apt-get install ${need[*]}) or run as root"
  log "installing ${need[*]}"
  apt-get update -qq >/dev/null
  # nginx's own system service is not wanted: a temporary policy-rc.d (exit 101) keeps
  # the package from starting it, on machines where something would.
  policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
  fi
  rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || rc=$?
  [[ -n "$policy" ]] && rm -f "$policy"
  ((rc == 0)) || die "apt-get install ${need[*]} failed"
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
(($(nproc) >= 2)) || log "warning: $(nproc) core(s): server and load generator will share a core"

if [[ -z "$TIPLINE_BINARY" ]]; then
  TIPLINE_BINARY=$BUILD_DIR/gateway/tipline
  log "building the gateway (Release) in $BUILD_DIR"
  "$repo/scripts/install-deps.sh"
  cmake -S "$repo" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIPLINE_TESTS=OFF >/dev/null
  cmake --build "$BUILD_DIR" --target tipline >/dev/null
fi
[[ -x "$TIPLINE_BINARY" ]] || die "no gateway binary at $TIPLINE_BINARY"
TIPLINE_BINARY=$(cd "$(dirname "$TIPLINE_BINARY")" && pwd)/$(basename "$TIPLINE_BINARY")

# --- scratch directory and cleanup ----------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/tipline-webhook-load.XXXXXX")
gateway_pid=""
nginx_pid=""
wrk_pid=""
status=2
stop_pid() {  # pid signal seconds
  local pid=$1 sig=$2 secs=$3 i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < secs * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid did not stop after SIG$sig in ${secs}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$wrk_pid" INT 2
  stop_pid "$gateway_pid" TERM 30
  stop_pid "$nginx_pid" TERM 10
  if [[ "$KEEP" == 1 || $status -ne 0 ]]; then
    log "scratch directory kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- gateway config, keys, certificate, database --------------------------------------
export TIPLINE_MESSENGER_APP_SECRET TIPLINE_MESSENGER_VERIFY_TOKEN TIPLINE_MESSENGER_PAGE_TOKEN
TIPLINE_MESSENGER_APP_SECRET=$(openssl rand -hex 20)
TIPLINE_MESSENGER_VERIFY_TOKEN=$(openssl rand -hex 12)
TIPLINE_MESSENGER_PAGE_TOKEN=bench-page-token-never-used
data=$work/data
server_extra=""
[[ -n "${GATEWAY_IO_THREADS:-}" ]] && server_extra+=", \"io_threads\": $GATEWAY_IO_THREADS"
[[ -n "${GATEWAY_HANDLER_THREADS:-}" ]] && server_extra+=", \"handler_threads\": $GATEWAY_HANDLER_THREADS"
cat >"$work/tipline.json" <<EOF
// Written by bench/webhook_load/run.sh. Otherwise webhook-config/tipline.example.json's
// defaults; replies to Messenger go to a closed port, tried once and recorded as failed.
{
  "data_dir": "data",
  "listen": "127.0.0.1:0",
  "log_file": "",
  "ward_file": "$repo/webhook-config/ward.json",
  "triage_rules_file": "$repo/webhook-config/triage-rules.json",
  "triage_model_file": "$repo/webhook-config/triage-model.bin",
  "server": { "max_connections": 4096, "metrics_refresh_seconds": 1, "metrics_round_to": 1$server_extra },
  "channels": {
    "messenger": {
      "app_secret": { "env": "TIPLINE_MESSENGER_APP_SECRET" },
      "verify_token": { "env": "TIPLINE_MESSENGER_VERIFY_TOKEN" },
      "page_access_token": { "env": "TIPLINE_MESSENGER_PAGE_TOKEN" },
      "api_base": "https://127.0.0.1:9/graph"
    },
    "max_send_attempts": 1
  },
  "keys": {
    "data_keys": [ { "id": 1, "file": "keys/data-1.key" } ],
    "active_data_key": 1,
    "form_token_key": { "file": "keys/form-token.key" },
    "receipt_key": { "file": "keys/receipt.key" },
    "pseudonym_key": { "file": "keys/pseudonym.key" },
    "audit_key": { "file": "keys/audit.key" }
  }
}
EOF
"$TIPLINE_BINARY" init --config "$work/tipline.json" --data "$data" >"$work/init.log" 2>&1 ||
  { cat "$work/init.log" >&2; die "tipline init failed"; }

log "signing $BODIES bodies from $SENDERS senders"
python3 "$here/make_bodies.py" --count "$BODIES" --senders "$SENDERS" \
  --texts "$repo/tests/fixtures/triage/dev.jsonl" --out "$work/bodies.txt"

# --- helpers ----------------------------------------------------------------------------
clk_tck=$(getconf CLK_TCK)
proc_cpu_ticks() {  # utime+stime of the given pids, children threads included
  local total=0 pid f
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] || continue
    f=$(</proc/"$pid"/stat)
    f=${f##*) }  # fields from the 3rd (state) on
    read -r -a a <<<"$f"
    total=$((total + a[11] + a[12]))
  done
  echo "$total"
}
cpu_busy_ticks() {  # busy ticks of one core from /proc/stat
  local line
  line=$(grep "^cpu$1 " /proc/stat)
  read -r -a a <<<"$line"
  echo $((a[1] + a[2] + a[3] + a[6] + a[7] + a[8]))
}
hwm_kib() {
  local total=0 pid v
  for pid in "$@"; do
    v=$(awk '/^VmHWM:/ {print $2}' /proc/"$pid"/status 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
listening_port() {  # log pid: the port the gateway logs as listening, within 30 s
  local log=$1 pid=$2 port="" i
  for ((i = 0; i < 300; i++)); do
    port=$(sed -n 's/.* listening .*port=\([0-9]*\).*/\1/p' "$log" | head -1)
    [[ -n "$port" ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "the gateway exited"; }
    sleep 0.1
  done
  [[ -n "$port" ]] || { tail -20 "$log" >&2; die "the gateway did not log 'listening'"; }
  echo "$port"
}
metrics_of() {  # the gateway's store counters, for the record (commits vs write jobs)
  python3 - "$1" <<'PY' 2>/dev/null || true
import ssl, sys, urllib.request
body = urllib.request.urlopen(f"https://127.0.0.1:{sys.argv[1]}/metrics",
                              context=ssl._create_unverified_context(), timeout=10).read().decode()
for line in body.splitlines():
    if line.startswith(("tipline_store_commits_total ", "tipline_store_write_jobs_total ",
                        "tipline_store_deliveries_waiting ")):
        print(line.replace(" ", "="))
PY
}
tls_of() {  # negotiated protocol and cipher, for the record
  openssl s_client -connect "127.0.0.1:$1" -servername localhost </dev/null 2>/dev/null |
    awk '/^New, / {gsub(",", ""); print $2, $5; exit}'
}
run_wrk() {  # name start duration url server-pids... ; writes $work/<name>.{out,result,cpu}
  local name=$1 start=$2 duration=$3 url=$4
  shift 4
  local srv0 cs0 cc0 t0 srv1 cs1 cc1 t1 rc=0
  srv0=$(proc_cpu_ticks "$@")
  cs0=$(cpu_busy_ticks "$SERVER_CPU")
  cc0=$(cpu_busy_ticks "$CLIENT_CPU")
  t0=$(date +%s%N)
  # The inner shell reports wrk's own CPU time (its only child) with `times`.
  BENCH_BODIES=$work/bodies.txt BENCH_THREADS=$THREADS BENCH_START=$start BENCH_RESULT=$work/$name.result \
    BENCH_TIMES=$work/$name.times taskset -c "$CLIENT_CPU" bash -c 'wrk "$@"; rc=$?; times >"$BENCH_TIMES"; exit $rc' wrk \
    -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --timeout 10s --latency -s "$here/post.lua" "$url" \
    >"$work/$name.out" 2>&1 </dev/null &
  wrk_pid=$!
  wait "$wrk_pid" || rc=$?
  wrk_pid=""
  t1=$(date +%s%N)
  srv1=$(proc_cpu_ticks "$@")
  cs1=$(cpu_busy_ticks "$SERVER_CPU")
  cc1=$(cpu_busy_ticks "$CLIENT_CPU")
  ((rc == 0)) && [[ -s $work/$name.result ]] || { cat "$work/$name.out" >&2; die "wrk failed ($name)"; }
  printf 'wall_ns=%s\nserver_ticks=%s\nserver_core_ticks=%s\nclient_core_ticks=%s\nclk_tck=%s\n' \
    $((t1 - t0)) $((srv1 - srv0)) $((cs1 - cs0)) $((cc1 - cc0)) "$clk_tck" >"$work/$name.cpu"
}

# --- gateway ----------------------------------------------------------------------------
log "gateway: $TIPLINE_BINARY on core $SERVER_CPU, wrk on core $CLIENT_CPU"
: >"$work/gateway.log"  # exists before the wait below reads it
taskset -c "$SERVER_CPU" "$TIPLINE_BINARY" serve --config "$work/tipline.json" --data "$data" \
  2>"$work/gateway.log" </dev/null &
gateway_pid=$!
gateway_port=$(listening_port "$work/gateway.log" "$gateway_pid")
gateway_url=https://127.0.0.1:$gateway_port/webhooks/messenger
tls_gateway=$(tls_of "$gateway_port")

log "gateway: warm-up $WARMUP"
run_wrk gateway-warmup 0 "$WARMUP" "$gateway_url" "$gateway_pid"
next=$(sed -n 's/^next_start=//p' "$work/gateway-warmup.result")
metrics_of "$gateway_port" >"$work/gateway.metrics0"
wc -l <"$work/gateway.log" >"$work/gateway.log.mark"
log "gateway: run $DURATION at $CONNECTIONS connections"
run_wrk gateway "$next" "$DURATION" "$gateway_url" "$gateway_pid"
metrics_of "$gateway_port" >"$work/gateway.metrics1"
gateway_hwm=$(hwm_kib "$gateway_pid")
# Acknowledged deliveries are filed (threaded, triaged, answered) after their 200, at
# idle priority: wait until none is waiting, and time it.
log "gateway: waiting until every acknowledged delivery is filed"
drain_t0=$(date +%s%N)
drain_limit=${DRAIN_LIMIT:-1800}
waiting=""
for ((i = 0; i < drain_limit * 2; i++)); do
  waiting=$(metrics_of "$gateway_port" | sed -n 's/^tipline_store_deliveries_waiting=//p')
  [[ "$waiting" == 0 ]] && break
  sleep 0.5
done
drain_ns=$(($(date +%s%N) - drain_t0))
[[ "$waiting" == 0 ]] || log "warning: $waiting deliveries still waiting after ${drain_limit}s; they are filed at the next start"
metrics_of "$gateway_port" >"$work/gateway.metrics2"
gateway_threads=$(ls /proc/"$gateway_pid"/task | wc -l)
log "gateway: stopping (SIGTERM)"
kill -TERM "$gateway_pid"
gateway_rc=0
wait "$gateway_pid" || gateway_rc=$?
gateway_pid=""

# --- the gateway's HTTP stack alone ----------------------------------------------------
# The same POSTs against the gateway started with another app secret: each is refused
# with a 401 right after the signature check, on the I/O thread. TLS, HTTP, the check and
# the log line, nothing stored: what the ingest path costs beyond that is the difference.
log "gateway (refusing: another app secret): warm-up $WARMUP, run $DURATION"
: >"$work/refusing.log"
TIPLINE_MESSENGER_APP_SECRET=$(openssl rand -hex 20) taskset -c "$SERVER_CPU" "$TIPLINE_BINARY" serve \
  --config "$work/tipline.json" --data "$data" 2>"$work/refusing.log" </dev/null &
gateway_pid=$!
refusing_port=$(listening_port "$work/refusing.log" "$gateway_pid")
run_wrk refusing-warmup 0 "$WARMUP" "https://127.0.0.1:$refusing_port/webhooks/messenger" "$gateway_pid"
run_wrk refusing 0 "$DURATION" "https://127.0.0.1:$refusing_port/webhooks/messenger" "$gateway_pid"
stop_pid "$gateway_pid" TERM 30
gateway_pid=""

# --- nginx ------------------------------------------------------------------------------
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx"
sed -e "s#@DIR@#$work/nginx#g" -e "s#@PORT@#$nginx_port#g" \
  -e "s#@CERT@#$data/tls/cert.pem#g" -e "s#@KEY@#$data/tls/key.pem#g" \
  "$here/nginx.conf.template" >"$work/nginx/nginx.conf"
log "nginx: $NGINX on core $SERVER_CPU (port $nginx_port)"
taskset -c "$SERVER_CPU" "$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/nginx-error.log" \
  </dev/null >"$work/nginx/stdout.log" 2>&1 &
nginx_pid=$!
for ((i = 0; i < 100; i++)); do
  (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/nginx-error.log" "$work/nginx/stdout.log" >&2; die "nginx exited"; }
  sleep 0.1
done
nginx_url=https://127.0.0.1:$nginx_port/webhooks/messenger
tls_nginx=$(tls_of "$nginx_port")
nginx_pids() { echo "$nginx_pid" $(pgrep -P "$nginx_pid" || true); }
log "nginx: warm-up $WARMUP"
run_wrk nginx-warmup 0 "$WARMUP" "$nginx_url" $(nginx_pids)
log "nginx: run $DURATION at $CONNECTIONS connections"
run_wrk nginx 0 "$DURATION" "$nginx_url" $(nginx_pids)
nginx_worker=$(pgrep -P "$nginx_pid" | head -1 || true)
nginx_hwm=$(hwm_kib $(nginx_pids))
nginx_worker_hwm=$(hwm_kib "$nginx_worker")
stop_pid "$nginx_pid" TERM 10
nginx_pid=""

# --- report -----------------------------------------------------------------------------
cat >"$work/run.env" <<EOF
duration=$DURATION
warmup=$WARMUP
connections=$CONNECTIONS
threads=$THREADS
bodies=$BODIES
senders=$SENDERS
server_cpu=$SERVER_CPU
client_cpu=$CLIENT_CPU
gateway_hwm_kib=$gateway_hwm
gateway_drain_ns=$drain_ns
gateway_threads=$gateway_threads
gateway_exit=$gateway_rc
nginx_hwm_kib=$nginx_hwm
nginx_worker_hwm_kib=$nginx_worker_hwm
tls_gateway=$tls_gateway
tls_nginx=$tls_nginx
gateway_config=$(tr -d '\n' <"$work/tipline.json" | sed -n 's/.*"server": *\({[^}]*}\).*/\1/p')
filesystem=$(df -T "$data" | awk 'NR==2 {print $2}')
nproc=$(nproc)
loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
EOF
status=0
python3 "$here/report.py" "$work" || status=$?
exit "$status"
