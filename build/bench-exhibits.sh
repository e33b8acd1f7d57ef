#!/usr/bin/env bash
# Exhibits benchmark, for BENCHMARKS.md:
#
#   (1) frames per second of each exhibit (清廉答题, 七味茶, 剪纸拼图 on the
#       demo content) against an empty Ebiten game of the same size, under
#       Xvfb with Mesa's software renderer, at 1920x1080 and at 1280x720.
#       The exhibits run with --bench-drive: a synthetic visitor drags a cup
#       or a piece in circles without letting go, or answers a question every
#       0.8 s, so the busiest picture is measured. The figure is the rate of
#       frames that drew something ("moving"); frames that would show what
#       the last one showed are skipped by the exhibits and not counted.
#       Runs are interleaved (blank, quiz, teas, jigsaw, blank, ...); medians.
#   (2) tap to first exhibit frame: the real shell on the demo, the 互动展项
#       list open (so an exhibits program stands by, as on a kiosk); a tap
#       (XTEST) on an exhibit's card, until the screen shows the exhibit's
#       first frame and holds it for 800 ms (build/bench-shell-watch.c);
#       then the exhibit's 返回, and 3 s for the next program to stand by.
#
# usage: build/bench-exhibits.sh      (or make bench-exhibits)
#   RUNS=5     runs of each for the medians
#   SECONDS_EACH=12   seconds each frame-rate run measures (after its first frame)
#   OUT=bin/bench-exhibits   results.txt, runs.tsv, logs
# Needs root (or sudo) the first time, for xvfb, xdotool and a C compiler with
# the X headers (the screen watcher).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
RUNS=${RUNS:-5}
SECONDS_EACH=${SECONDS_EACH:-12}
OUT=${OUT:-bin/bench-exhibits}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

. build/bench-tools.sh
bench_tools xvfb xdotool

# --- content: the demo, and each exhibit's spec ------------------------------
DATA="$OUT/data"
CONF="$OUT/qingfeng.yaml"
rm -rf "$DATA"
bin/qingfeng import --data "$DATA" assets/demo >"$OUT/import.log" 2>&1
printf 'screen:\n  slide: 1h\n  idle_after: 1h\n' >"$CONF"
KINDS=(blank quiz teas jigsaw)
echo '{"name":"blank","kind":"blank","title":"blank"}' >"$OUT/blank.json"
for name in $(bin/qingfeng exhibit --list --config "$CONF" --data "$DATA" 2>/dev/null); do
  bin/qingfeng exhibit "$name" --print --config "$CONF" --data "$DATA" 2>/dev/null >"$OUT/${name%%/*}.json"
done

export DBUS_SESSION_BUS_ADDRESS=disabled: LANG=zh_CN.UTF-8 FYNE_SCALE=1
XVFB=""
KIOSK=""
cleanup() {
  [ -z "$KIOSK" ] || kill "$KIOSK" 2>/dev/null || true
  [ -z "$XVFB" ] || kill "$XVFB" 2>/dev/null || true
}
trap cleanup EXIT

# display WxH: a fresh Xvfb of that size in $DISPLAY.
display() {
  cleanup
  local n=80
  while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
  export DISPLAY=":$n"
  Xvfb "$DISPLAY" -screen 0 "$1x24" -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
  XVFB=$!
  for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- (1) frame rates -----------------------------------------------------------
RUNS_TSV="$OUT/runs.tsv"
printf 'size\tround\tkind\tfps\tmoving\tdrawn\tfull\n' >"$RUNS_TSV"
for size in 1920x1080 1280x720; do
  display "$size"
  for round in $(seq "$RUNS"); do
    for kind in "${KINDS[@]}"; do
      drive=--bench-drive
      [ "$kind" = blank ] && drive=""
      line=$(bin/qingfeng-exhibits --spec "$OUT/$kind.json" --bench "${SECONDS_EACH}s" $drive 2>>"$OUT/exhibits.log" | grep '^fps ' || true)
      fps=$(awk '{ print $2 }' <<<"$line")
      moving=$(awk '{ print $4 }' <<<"$line")
      drawn=$(awk '{ print $10 }' <<<"$line")
      full=$(awk '{ print $12 }' <<<"$line")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$round" "$kind" "${fps:-0}" "${moving:-0}" "${drawn:-0}" "${full:-0}" | tee -a "$RUNS_TSV"
    done
  done
done

# --- (2) tap to first exhibit frame ---------------------------------------------
display 1920x1080
bin/qingfeng run --config "$CONF" --data "$DATA" >"$OUT/kiosk.log" 2>&1 &
KIOSK=$!
for _ in $(seq 600); do xdotool search --name 清风 >/dev/null 2>&1 && break; sleep 0.1; done
sleep 4
xdotool mousemove 1200 960 click 1 # the 互动展项 tile
sleep 2
# The cards of the list (kiosk/testdata/exhibits_landscape.png) and each
# exhibit's 返回 (top right, exhibits/play.NewFrame).
declare -A CARD=([quiz]=320,300 [teas]=960,300 [jigsaw]=1600,300)
TAP_TSV="$OUT/tap.tsv"
printf 'round\tkind\tlast_ms\tplay_to_ready_ms\n' >"$TAP_TSV"
for round in $(seq "$RUNS"); do
  for kind in quiz teas jigsaw; do
    out=$("$WATCH" -tap "${CARD[$kind]}" -stable 800 -max 6000 || true)
    last=$(sed -n 's/.* last=\([^ ]*\).*/\1/p' <<<"$out")
    ready=$(grep 'msg="exhibit ready"' "$OUT/kiosk.log" | tail -1 | sed -n 's/.*after=\([0-9.]*\)ms.*/\1/p')
    printf '%s\t%s\t%s\t%s\n' "$round" "$kind" "${last:-0}" "${ready:-0}" | tee -a "$TAP_TSV"
    ended=$(grep -c 'msg="exhibit ended"' "$OUT/kiosk.log" || true)
    for _ in 1 2 3; do
      xdotool mousemove 1770 92 click 1 # the exhibit's 返回
      sleep 1
      [ "$(grep -c 'msg="exhibit ended"' "$OUT/kiosk.log" || true)" -gt "$ended" ] && break
    done
    sleep 2
  done
done

# --- results -----------------------------------------------------------------
{
  echo "exhibits benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "RUNS=$RUNS SECONDS_EACH=$SECONDS_EACH; medians"
  echo
  echo "frames per second while the picture changes (moving), and against the empty game"
  for size in 1920x1080 1280x720; do
    blank=$(awk -F'\t' -v s="$size" '$1 == s && $3 == "blank" { print $5 }' "$RUNS_TSV" | median)
    printf '%s  blank %s\n' "$size" "$blank"
    for kind in quiz teas jigsaw; do
      m=$(awk -F'\t' -v s="$size" -v k="$kind" '$1 == s && $3 == k { print $5 }' "$RUNS_TSV" | median)
      printf '%s  %-6s %s  = %s of blank\n' "$size" "$kind" "$m" "$(awk -v a="$m" -v b="$blank" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
    done
  done
  echo
  echo "tap on the card to the exhibit's first frame on screen (ms), and from the spec reaching the program standing by to its first frame drawn (ms)"
  for kind in quiz teas jigsaw; do
    l=$(awk -F'\t' -v k="$kind" '$2 == k { print $3 }' "$TAP_TSV" | median)
    r=$(awk -F'\t' -v k="$kind" '$2 == k { print $4 }' "$TAP_TSV" | median)
    printf '%-6s tap-to-frame %s  play-to-ready %s\n' "$kind" "$l" "$r"
  done
} | tee "$OUT/results.txt"
