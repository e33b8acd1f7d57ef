#!/usr/bin/env bash
# The floor any Fyne program starts from here: PSS of a hello-world Fyne
# window (build/fynehello) full screen on an Xvfb display (1920x1080x24
# unless SIZE says otherwise), 3 s after start, median of RUNS starts.
# BENCHMARKS.md compares the kiosk with it. Needs what `make deps-run`
# installs. build/bench-shell.sh measures the same floor beside the kiosk.
#
#   usage: build/bench-fyne-floor.sh      (RUNS=5, SIZE=1920x1080)
# At a multiple of 1920x1080 (SIZE=3840x2160) FYNE_SCALE is that multiple,
# the scale the kiosk chooses there, so both draw the same pixels.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZE=${SIZE:-1920x1080}
SCALE=$((${SIZE%x*} / 1920))
((SCALE >= 1)) || SCALE=1
mkdir -p bin
# The floor is Fyne's hello world as anybody builds it: Fyne's default
# tags, whatever GOFLAGS the kiosk's own build uses (no_emoji).
GOFLAGS= go build -o bin/fynehello ./build/fynehello
exec 3< <(Xvfb -displayfd 1 -screen 0 "${SIZE}x24" -nolisten tcp 2>/dev/null)
XVFB=$!
read -r n <&3
trap 'kill $XVFB 2>/dev/null || true' EXIT
export DISPLAY=":$n" DBUS_SESSION_BUS_ADDRESS=disabled: LANG=zh_CN.UTF-8 FYNE_SCALE="$SCALE"
vals=()
for _ in $(seq "$RUNS"); do
  bin/fynehello >/dev/null 2>&1 &
  p=$!
  sleep 3
  vals+=("$(awk '/^Pss:/ { printf "%.1f", $2 / 1024 }' "/proc/$p/smaps_rollup")")
  kill "$p"
  wait "$p" 2>/dev/null || true
done
printf 'hello-world Fyne window, PSS 3 s after start (MiB): %s\n' "${vals[*]}"
printf '%s\n' "${vals[@]}" | sort -g | awk '{ v[NR] = $1 } END { print "median", v[int((NR + 1) / 2)], "MiB" }'
