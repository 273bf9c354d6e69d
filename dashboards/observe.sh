#!/usr/bin/env bash
# dashboards/observe.sh SCENARIO [hangar run arguments...]   (what `make observe` runs)
#
# Watch a run live in Prometheus (and Grafana):
#   1. starts Prometheus on loopback with dashboards/prometheus/prometheus.yml,
#      which scrapes the server admin port 127.0.0.1:8001, the fake LLM on
#      127.0.0.1:8585 and the harness on 127.0.0.1:9464 (plus any file_sd JSON
#      in out/observe/targets/);
#   2. starts `hangar server` on those default ports (api 127.0.0.1:8000),
#      pointed at the fake LLM the harness will start on 127.0.0.1:8585
#      (SERVER_DEFECTS=a,b switches defects on, SERVER_FLAGS adds `hangar
#      server` flags such as "--request-budget 8s"; OBSERVE_SERVER=0 skips this
#      step and lets the scenario launch its own server, which is then not
#      scraped unless you add it to out/observe/targets/);
#   3. runs `hangar run --target-url http://127.0.0.1:8000 --llm-addr
#      127.0.0.1:8585 --metrics-addr 127.0.0.1:9464 SCENARIO ARGS...`;
#   4. prints where to look, waits for Enter on a terminal (OBSERVE_KEEP=0:
#      don't), and stops everything it started. Exit status is hangar run's.
#
# Environment: HANGAR (bin/hangar), PROMETHEUS (prometheus), PROM_ADDR
# (127.0.0.1:9090), OUT (out/observe: TSDB, logs, server data).
set -euo pipefail
cd "$(dirname "$0")/.."

HANGAR=${HANGAR:-bin/hangar}
PROMETHEUS=${PROMETHEUS:-prometheus}
PROM_ADDR=${PROM_ADDR:-127.0.0.1:9090}
OUT=${OUT:-out/observe}
OBSERVE_SERVER=${OBSERVE_SERVER:-1}
API_ADDR=127.0.0.1:8000 ADMIN_ADDR=127.0.0.1:8001 LLM_ADDR=127.0.0.1:8585 HARNESS_ADDR=127.0.0.1:9464

die() { echo "observe: $*" >&2; exit 3; }
[ $# -ge 1 ] || { echo "usage: dashboards/observe.sh SCENARIO [hangar run args...]" >&2; exit 2; }
case "$PROM_ADDR" in
127.0.0.1:* | localhost:* | \[::1\]:*) ;;
*) echo "observe: PROM_ADDR=$PROM_ADDR is not loopback" >&2; exit 2 ;;
esac
command -v "$PROMETHEUS" >/dev/null || die "$PROMETHEUS not found (Debian: apt-get install -y prometheus)"
[ -x "$HANGAR" ] || die "$HANGAR not built (make build)"
mkdir -p "$OUT" out/observe/targets # prometheus.yml reads file_sd from out/observe/targets

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT

# wait_ready URL PID LOG: poll URL for up to 30 s while PID lives.
wait_ready() {
  for _ in $(seq 1 150); do
    curl -fsS -m 1 "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.2
  done
  echo "observe: $1 not ready; last lines of $3:" >&2
  tail -n 20 "$3" >&2
  exit 3
}

"$PROMETHEUS" --config.file=dashboards/prometheus/prometheus.yml \
  --storage.tsdb.path="$OUT/data" --web.listen-address="$PROM_ADDR" \
  >"$OUT/prometheus.log" 2>&1 &
pids+=($!)
wait_ready "http://$PROM_ADDR/-/ready" "${pids[-1]}" "$OUT/prometheus.log"

run_args=(--llm-addr "$LLM_ADDR" --metrics-addr "$HARNESS_ADDR")
if [ "$OBSERVE_SERVER" = 1 ]; then
  "$HANGAR" server --addr "$API_ADDR" --admin-addr "$ADMIN_ADDR" --data "$OUT/server-data" \
    --llm-base-url "http://$LLM_ADDR/v1" ${SERVER_DEFECTS:+--defects "$SERVER_DEFECTS"} ${SERVER_FLAGS:-} \
    >"$OUT/server.out" 2>"$OUT/server.log" &
  pids+=($!)
  wait_ready "http://$ADMIN_ADDR/health" "${pids[-1]}" "$OUT/server.log"
  run_args+=(--target-url "http://$API_ADDR")
fi

cat <<MSG
observe: Prometheus  http://$PROM_ADDR   (/targets, /alerts, /graph)
observe: dashboards  dashboards/grafana/dashboards/*.json (Grafana datasource: http://$PROM_ADDR; see README)
observe: running     $HANGAR run ${run_args[*]} $*
MSG
status=0
"$HANGAR" run "${run_args[@]}" "$@" || status=$?
echo "observe: hangar run exited $status; samples kept in $OUT/data, logs in $OUT"
if [ "${OBSERVE_KEEP:-1}" = 1 ] && [ -t 0 ]; then
  read -r -p "observe: press Enter to stop Prometheus and the server " _ || true
fi
exit "$status"
