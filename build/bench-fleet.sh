#!/usr/bin/env bash
# Fleet page benchmark, for BENCHMARKS.md:
#
#   (1) `qingfeng collect` of 600 kiosks' outboxes, each with a batch, a
#       heartbeat (seven days of quiet-time memory, a display log of 20,000
#       entries) and a day of screenshots (hourly, 08:00-19:00, 1920x1080
#       JPEG), the fleet page and its 600 kiosk pages included: a first run
#       into a new district database (screenshots brought beside the page,
#       600 thumbnails made), a rerun over the same folders, and a rerun
#       after 3,000 earlier batches a site were added to the database.
#   (2) the fleet page of those 600 kiosks loaded by headless Chromium until
#       it prints its document (after the load event), against a blank page
#       loaded the same way in the same run, interleaved, medians of 5:
#       Chromium's own start is in both, the difference is the page's cost.
#
# usage: build/bench-fleet.sh      (RUNS=2: runs after the first)
# Needs root (or sudo) the first time, for chromium and a CJK font (an
# office PC has one; without it Chromium looks for every character's glyph
# in vain).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
RUNS=${RUNS:-2}
missing=()
for p in chromium fonts-droid-fallback; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "nproc: $(nproc)   $(date -u +%F)   before: $(uptime)"
go test -tags sqlite_fts5,no_emoji -run '^$' -bench '^BenchmarkCollectFleet600$' -benchtime "${RUNS}x" -timeout 30m -v ./app/qingfeng
echo "after: $(uptime)"
