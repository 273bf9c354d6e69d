#!/usr/bin/env bash
# dashboards/observe.sh [hangar run arguments...]  (what `make observe` runs)
#
# Starts Prometheus on loopback with dashboards/prometheus/prometheus.yml
# (scrapes 127.0.0.1:8001 server admin, 127.0.0.1:8585 fakellm,
# 127.0.0.1:9464 harness, plus any file_sd JSON in out/observe/targets/),
# runs `hangar run --metrics-addr 127.0.0.1:9464 ARGS...`, prints where to
# look, and stops Prometheus when done (after Enter on a terminal, so you can
# look first; OBSERVE_KEEP=0 stops right away). Exit status is hangar's.
#
# Environment: PROMETHEUS (binary), PROM_ADDR (127.0.0.1:9090), HANGAR
# (bin/hangar), OUT (out/observe: TSDB and log), HARNESS_METRICS_ADDR
# (127.0.0.1:9464).
set -euo pipefail
cd "$(dirname "$0")/.."

PROMETHEUS=${PROMETHEUS:-prometheus}
PROM_ADDR=${PROM_ADDR:-127.0.0.1:9090}
HANGAR=${HANGAR:-bin/hangar}
OUT=${OUT:-out/observe}
HARNESS_METRICS_ADDR=${HARNESS_METRICS_ADDR:-127.0.0.1:9464}

case "$PROM_ADDR" in
127.0.0.1:* | localhost:* | \[::1\]:*) ;;
*) echo "observe: PROM_ADDR=$PROM_ADDR is not loopback" >&2; exit 2 ;;
esac
if ! command -v "$PROMETHEUS" >/dev/null; then
  echo "observe: $PROMETHEUS not found (Debian: apt-get install -y prometheus)" >&2
  exit 3
fi
mkdir -p "$OUT" out/observe/targets # prometheus.yml reads file_sd from out/observe/targets

"$PROMETHEUS" --config.file=dashboards/prometheus/prometheus.yml \
  --storage.tsdb.path="$OUT/data" --web.listen-address="$PROM_ADDR" \
  >"$OUT/prometheus.log" 2>&1 &
prom=$!
stop_prometheus() {
  kill "$prom" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$prom" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$prom" 2>/dev/null || true
}
trap stop_prometheus EXIT

ready=0
for _ in $(seq 1 150); do # 30 s
  if curl -fsS -m 1 "http://$PROM_ADDR/-/ready" >/dev/null 2>&1; then ready=1; break; fi
  if ! kill -0 "$prom" 2>/dev/null; then break; fi
  sleep 0.2
done
if [ "$ready" != 1 ]; then
  echo "observe: Prometheus did not start; last lines of $OUT/prometheus.log:" >&2
  tail -n 20 "$OUT/prometheus.log" >&2
  exit 3
fi

cat <<MSG
observe: Prometheus  http://$PROM_ADDR   (targets: /targets, alerts: /alerts)
observe: dashboards  import dashboards/grafana/dashboards/*.json into Grafana
         (datasource: a Prometheus at http://$PROM_ADDR; see the README)
observe: running     $HANGAR run --metrics-addr $HARNESS_METRICS_ADDR $*
MSG
status=0
"$HANGAR" run --metrics-addr "$HARNESS_METRICS_ADDR" "$@" || status=$?
echo "observe: hangar run exited $status; samples kept in $OUT/data"
if [ "${OBSERVE_KEEP:-1}" = 1 ] && [ -t 0 ]; then
  read -r -p "observe: press Enter to stop Prometheus " _ || true
fi
exit "$status"
