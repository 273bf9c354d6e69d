#!/usr/bin/env bash
# fakellm-throughput.sh: requests per second of `hangar fakellm` beside a
# bare net/http handler (fakellm/internal/bare) answering the same bytes,
# measured with wrk, for a chat JSON answer and its SSE stream variant.
# Prints both rates and fakellm's fraction of the bare one ("x-of-bare"),
# and each server's CPU time per request (from /proc) with the same
# fraction of it ("cpu-x-of-bare"), steadier when the machine is busy.
#
#   scripts/fakellm-throughput.sh            # wrk -t1 -c32 -d6s, 3 rounds
#   DURATION=10s CONNS=64 ROUNDS=5 scripts/fakellm-throughput.sh
#   HANGAR=/tmp/old/hangar scripts/fakellm-throughput.sh   # another build
#   CALLGRIND=1 scripts/fakellm-throughput.sh   # instructions per request
#
# With CALLGRIND=1 it counts instead, under valgrind's callgrind, the
# user-space instructions each server spends per chat JSON request (wrk
# -c8 for DURATION against each, counters zeroed after start-up): the same
# to within about 1% from run to run whatever else the machine does, so it
# is the number to compare builds by; requests per second are what users
# see. Kernel time (the socket writes and reads, the same for both) is not
# in it, so its fraction is lower than the throughput one.
#
# Each round runs bare then fakellm back to back; the summary line per kind
# is the median of the rounds' ratios (the machine may be shared, and a
# busy spell would otherwise land on one side only).
#
# The bare handler replays what fakellm answered to the same request body
# (captured with curl first): the same JSON bytes, and for the stream the
# same events, one write and flush each. Journal and metrics stay on in
# fakellm, as in any load test. Needs wrk and curl; loopback only.
set -euo pipefail

THREADS=${THREADS:-1} CONNS=${CONNS:-32} DURATION=${DURATION:-6s} ROUNDS=${ROUNDS:-3}
tools="wrk curl"
[ -z "${CALLGRIND:-}" ] || tools="$tools valgrind callgrind_control"
for tool in $tools; do
  command -v "$tool" >/dev/null || { echo "fakellm-throughput: $tool not found" >&2; exit 1; }
done
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.4}
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

chat_body='{"model":"m","messages":[{"role":"user","content":"Summarise the plot of a short story about a lighthouse keeper in two sentences."}]}'
stream_body='{"model":"m","stream":true,"messages":[{"role":"user","content":"Summarise the plot of a short story about a lighthouse keeper in two sentences."}]}'

hangar=${HANGAR:-$tmp/hangar}
[ -n "${HANGAR:-}" ] || go build -o "$hangar" ./cmd/hangar
go build -o "$tmp/bare" ./fakellm/internal/bare

# await_url FILE: the url= field of the first "listening" line in FILE.
await_url() {
  for _ in $(seq 100); do
    if url=$(grep -o 'url=[^ ]*' "$1" 2>/dev/null | head -1) && [ -n "$url" ]; then
      echo "${url#url=}"
      return
    fi
    sleep 0.1
  done
  echo "fakellm-throughput: no listening line in $1" >&2
  cat "$1" >&2
  exit 1
}

"$hangar" fakellm --addr 127.0.0.1:0 >"$tmp/fake.out" 2>"$tmp/fake.err" &
pids+=($!)
fake=$(await_url "$tmp/fake.out")
post() { curl -sSf -H 'Content-Type: application/json' --data-binary "$2" "$1/v1/chat/completions"; }
post "$fake" "$chat_body" >"$tmp/chat.json"
post "$fake" "$stream_body" >"$tmp/stream.sse"

"$tmp/bare" --addr 127.0.0.1:0 --chat "$tmp/chat.json" --stream "$tmp/stream.sse" >"$tmp/bare.out" 2>&1 &
pids+=($!)
bare=$(await_url "$tmp/bare.out")
for kind in chat stream; do
  body=chat_body; [ "$kind" = stream ] && body=stream_body
  post "$bare" "${!body}" >"$tmp/bare-$kind"
  ext=json; [ "$kind" = stream ] && ext=sse
  cmp -s "$tmp/bare-$kind" "$tmp/$kind.$ext" || { echo "fakellm-throughput: bare $kind answer differs from fakellm's" >&2; exit 1; }
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "${!body}" >"$tmp/$kind.lua"
done

# cpu_ticks PID: user+system clock ticks the process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run NAME URL KIND PID: run wrk, fail on socket errors or non-2xx answers,
# print requests/sec and the server's CPU microseconds per request.
run() {
  local out before after
  before=$(cpu_ticks "$4")
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -s "$tmp/$3.lua" "$2/v1/chat/completions")
  after=$(cpu_ticks "$4")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
    echo "fakellm-throughput: $1 $3: wrk reported errors:" >&2
    echo "$out" >&2
    exit 1
  fi
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    / requests in / {n = $1}
    /^Requests\/sec:/ {rps = $2}
    END {printf "%s %.1f\n", rps, ticks / hz * 1e6 / n}' <<<"$out"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# instructions NAME CMD...: CMD (which prints a listening url= line) under
# callgrind; prints "REQUESTS INSTRUCTIONS" for a wrk run of DURATION.
# Go's asynchronous preemption signals trip callgrind, so it is off.
instructions() {
  local name=$1 url vp n
  shift
  GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$name.%p" "$@" \
    >"$tmp/cg.$name.out" 2>"$tmp/cg.$name.err" &
  vp=$!
  pids+=("$vp")
  url=$(await_url "$tmp/cg.$name.out")
  post "$url" "$chat_body" >/dev/null
  callgrind_control -z "$vp" >/dev/null 2>&1
  n=$(wrk -t1 -c8 -d"$DURATION" -s "$tmp/chat.lua" "$url/v1/chat/completions" | awk '/ requests in /{print $1}')
  callgrind_control -d "$vp" >/dev/null 2>&1
  kill "$vp"
  wait "$vp" 2>/dev/null || true
  echo "$n $(awk '/^summary:/ {print $2}' "$tmp"/cg."$name".*.1)"
}

if [ -n "${CALLGRIND:-}" ]; then
  read -r bn bi < <(instructions bare "$tmp/bare" --addr 127.0.0.1:0 --chat "$tmp/chat.json" --stream "$tmp/stream.sse")
  read -r fn fi < <(instructions fakellm "$hangar" fakellm --addr 127.0.0.1:0)
  awk -v bn="$bn" -v bi="$bi" -v fn="$fn" -v fi="$fi" 'BEGIN {
    printf "callgrind, wrk -c8 -d'"$DURATION"', chat JSON: user-space instructions per request\n"
    printf "bare     %7d requests %9.0f per request\n", bn, bi / bn
    printf "fakellm  %7d requests %9.0f per request\n", fn, fi / fn
    printf "x-of-bare (bare / fakellm) %.3f\n", (bi / bn) / (fi / fn) }'
  exit 0
fi

events=$(grep -c '^data: ' "$tmp/stream.sse")
echo "wrk -t$THREADS -c$CONNS -d$DURATION x $ROUNDS rounds; chat JSON $(wc -c <"$tmp/chat.json") bytes, stream $events events"
echo "x-of-bare: fakellm rps / bare rps; cpu-x-of-bare: bare / fakellm server CPU per request"
printf '%-7s %6s %10s %10s %9s %11s %11s %13s\n' kind round bare-rps fake-rps x-of-bare bare-cpu-us fake-cpu-us cpu-x-of-bare
for kind in chat stream; do
  ratios=() cpu_ratios=()
  for round in $(seq "$ROUNDS"); do
    read -r b bc < <(run bare "$bare" "$kind" "${pids[1]}")
    read -r f fc < <(run fakellm "$fake" "$kind" "${pids[0]}")
    r=$(awk -v f="$f" -v b="$b" 'BEGIN {printf "%.3f", f / b}')
    cr=$(awk -v f="$fc" -v b="$bc" 'BEGIN {printf "%.3f", b / f}')
    ratios+=("$r") cpu_ratios+=("$cr")
    printf '%-7s %6d %10.0f %10.0f %9s %11s %11s %13s\n' "$kind" "$round" "$b" "$f" "$r" "$bc" "$fc" "$cr"
  done
  printf '%-7s %6s %10s %10s %9s %11s %11s %13s\n' "$kind" median "" "" \
    "$(printf '%s\n' "${ratios[@]}" | median)" "" "" "$(printf '%s\n' "${cpu_ratios[@]}" | median)"
done
