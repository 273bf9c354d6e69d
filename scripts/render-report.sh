#!/usr/bin/env bash
# render-report.sh REPORT_DIR OUT.png: screenshot REPORT_DIR/report.html in
# headless Chromium (1280x2400) and fail when the page does not load:
# no report.html, chromium exiting non-zero or running over $RENDER_TIMEOUT
# (default 120s), no or an empty screenshot, or a page whose DOM lacks the
# verdict table or the plots.
#
#   scripts/render-report.sh out/seed-316 /tmp/seed-316.png
#
# Needs chromium (Debian: apt-get install chromium). CHROMIUM overrides the
# binary. Keep the PNG out of git.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 REPORT_DIR OUT.png" >&2
  exit 2
fi
dir=$1 out=$2
chromium=${CHROMIUM:-chromium}
limit=${RENDER_TIMEOUT:-120}

if [ ! -d "$dir" ]; then
  echo "render-report: $dir: no such directory" >&2
  exit 1
fi
page="$(cd "$dir" && pwd)/report.html"
if [ ! -s "$page" ]; then
  echo "render-report: $page: missing or empty" >&2
  exit 1
fi
if ! command -v "$chromium" >/dev/null 2>&1; then
  echo "render-report: $chromium not found (apt-get install chromium)" >&2
  exit 1
fi

profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT
flags=(--headless --no-sandbox --disable-gpu --user-data-dir="$profile" --no-first-run)

rm -f "$out"
rc=0
timeout "$limit" "$chromium" "${flags[@]}" --screenshot="$out" --window-size=1280,2400 "file://$page" >"$log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "render-report: chromium exited $rc:" >&2
  cat "$log" >&2
  exit 1
fi
if [ ! -s "$out" ]; then
  echo "render-report: no screenshot written to $out:" >&2
  cat "$log" >&2
  exit 1
fi

# The screenshot proves chromium drew something; the DOM proves it was the
# report: the verdict table and at least one inline SVG plot.
rc=0
dom=$(timeout "$limit" "$chromium" "${flags[@]}" --dump-dom "file://$page" 2>"$log") || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "render-report: chromium --dump-dom exited $rc:" >&2
  cat "$log" >&2
  exit 1
fi
for want in '<h2>Verdict</h2>' '<svg'; do
  if ! grep -qF "$want" <<<"$dom"; then
    echo "render-report: $page as loaded has no $want" >&2
    exit 1
  fi
done
echo "render-report: $page -> $out ($(wc -c <"$out") bytes)"
