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
#   (3) memory while 剪纸拼图 plays, at 1920x1080: the empty game's PSS 3 s
#       after its first frame (the floor), then the real shell on the demo
#       with the 互动展项 list open: the exhibits program's PSS standing by,
#       a tap on 剪纸拼图, its first frame held, a piece dragged in circles
#       for DRAG seconds, and while it is still held the PSS of the shell
#       and of its exhibits program (Pss of /proc/PID/smaps_rollup; their
#       private memory, which no other process shares, beside it). Rounds
#       interleave the floor and a fresh shell. Then one run of the exhibit
#       alone (--bench-drive) says where its memory goes: smaps grouped by
#       mapping, and the Go heap (GODEBUG=gctrace=1).
#
# usage: build/bench-exhibits.sh      (or make bench-exhibits)
#   RUNS=5     runs of each for the medians
#   SECONDS_EACH=12   seconds each frame-rate run measures (after its first frame)
#   ONLY=fps|tap|memory   one part alone (default: all three)
#   DRAG=6     seconds the piece is dragged before memory is read
#   BIN=bin    where qingfeng and qingfeng-exhibits are (another build, to compare)
#   OUT=bin/bench-exhibits   results.txt, runs.tsv, logs
# Needs root (or sudo) the first time, for xvfb, xdotool and a C compiler with
# the X headers (the screen watcher).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
RUNS=${RUNS:-5}
SECONDS_EACH=${SECONDS_EACH:-12}
ONLY=${ONLY:-}
DRAG=${DRAG:-6}
BIN=$(cd "${BIN:-bin}" 2>/dev/null && pwd || echo "${BIN:-bin}")
OUT=${OUT:-bin/bench-exhibits}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

. build/bench-tools.sh
bench_tools xvfb xdotool

# --- content: the demo, and each exhibit's spec ------------------------------
DATA="$OUT/data"
CONF="$OUT/qingfeng.yaml"
rm -rf "$DATA"
"$BIN"/qingfeng import --data "$DATA" assets/demo >"$OUT/import.log" 2>&1
printf 'screen:\n  slide: 1h\n  idle_after: 1h\n' >"$CONF"
KINDS=(blank quiz teas jigsaw)
echo '{"name":"blank","kind":"blank","title":"blank"}' >"$OUT/blank.json"
for name in $("$BIN"/qingfeng exhibit --list --config "$CONF" --data "$DATA" 2>/dev/null); do
  "$BIN"/qingfeng exhibit "$name" --print --config "$CONF" --data "$DATA" 2>/dev/null >"$OUT/${name%%/*}.json"
done

export DBUS_SESSION_BUS_ADDRESS=disabled: LANG=zh_CN.UTF-8 FYNE_SCALE=1
XVFB=""
KIOSK=""
FLOOR=""
cleanup() {
  [ -z "$FLOOR" ] || kill "$FLOOR" 2>/dev/null || true
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

# span: the smallest and largest of the numbers read, as "a–b".
span() { sort -n | awk 'NR == 1 { a = $1 } { b = $1 } END { print a "–" b }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

part() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

# --- (1) frame rates -----------------------------------------------------------
RUNS_TSV="$OUT/runs.tsv"
printf 'size\tround\tkind\tfps\tmoving\tdrawn\tfull\n' >"$RUNS_TSV"
part fps && for size in 1920x1080 1280x720; do
  display "$size"
  for round in $(seq "$RUNS"); do
    for kind in "${KINDS[@]}"; do
      drive=--bench-drive
      [ "$kind" = blank ] && drive=""
      line=$("$BIN"/qingfeng-exhibits --spec "$OUT/$kind.json" --bench "${SECONDS_EACH}s" $drive 2>>"$OUT/exhibits.log" | grep '^fps ' || true)
      fps=$(awk '{ print $2 }' <<<"$line")
      moving=$(awk '{ print $4 }' <<<"$line")
      drawn=$(awk '{ print $10 }' <<<"$line")
      full=$(awk '{ print $12 }' <<<"$line")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$round" "$kind" "${fps:-0}" "${moving:-0}" "${drawn:-0}" "${full:-0}" | tee -a "$RUNS_TSV"
    done
  done
done

# --- (2) tap to first exhibit frame ---------------------------------------------
TAP_TSV="$OUT/tap.tsv"
printf 'round\tkind\tlast_ms\tplay_to_ready_ms\n' >"$TAP_TSV"
# The cards of the list (kiosk/testdata/exhibits_landscape.png) and each
# exhibit's 返回 (top right, exhibits/play.NewFrame).
declare -A CARD=([quiz]=320,300 [teas]=960,300 [jigsaw]=1600,300)

# shell: the real shell on the demo in a fresh 1920x1080 display, with the
# 互动展项 list open (an exhibits program stands by).
shell() {
  display 1920x1080
  "$BIN"/qingfeng run --config "$CONF" --data "$DATA" >"$OUT/kiosk.log" 2>&1 &
  KIOSK=$!
  for _ in $(seq 600); do xdotool search --name 清风 >/dev/null 2>&1 && break; sleep 0.1; done
  sleep 4
  xdotool mousemove 1200 960 click 1 # the 互动展项 tile
  sleep 2
}

if part tap; then
  shell
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
fi

# --- (3) memory while 剪纸拼图 plays ----------------------------------------------
pss() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
private() { awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s + 0 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
exhibits_pid() { pgrep -P "$1" -f qingfeng-exhibits | head -1; }
# waitlog FILE PATTERN SECONDS: until a line of FILE matches.
waitlog() { for _ in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
# smaps_groups PID: Pss (kB) by mapping.
smaps_groups() {
  awk '/^[0-9a-f]+-[0-9a-f]+ / {
         f = $6
         if (f == "") g = "anon (Go heap, Mesa textures, malloc arenas)"
         else if (f == "[heap]") g = "[heap] (malloc)"
         else if (f ~ /^\[/) g = "stacks, vdso"
         else if (f ~ /libLLVM/) g = "libLLVM"
         else if (f ~ /dri|gallium|libGL|libEGL|glapi|libgbm|libdrm/) g = "Mesa"
         else if (f ~ /qingfeng/) g = "the binary"
         else g = "other libraries"
         next }
       /^Pss:/ { pss[g] += $2 }
       END { for (g in pss) printf "%8.1f MiB  %s\n", pss[g] / 1024, g }' "/proc/$1/smaps" | sort -rn
}
MEM_TSV="$OUT/memory.tsv"
printf 'round\tfloor_pss\tfloor_private\tstandby_pss\tstandby_private\texhibit_pss\texhibit_private\tshell_pss\tshell_private\tsum_pss\n' >"$MEM_TSV"
if part memory; then
  for round in $(seq "$RUNS"); do
    # The floor: the empty game, 3 s after its first frame.
    display 1920x1080
    "$BIN"/qingfeng-exhibits --spec "$OUT/blank.json" >"$OUT/floor.out" 2>>"$OUT/exhibits.log" &
    FLOOR=$!
    waitlog "$OUT/floor.out" '^ready' 20 || true
    sleep 3
    floor=$(pss "$FLOOR") floor_p=$(private "$FLOOR")
    kill "$FLOOR"
    wait "$FLOOR" 2>/dev/null || true
    FLOOR=""

    # The shell with the list open; the exhibits program standing by.
    shell
    waitlog "$OUT/kiosk.log" 'msg="exhibit standing by"' 20 || true
    sleep 3
    ex=$(exhibits_pid "$KIOSK")
    standby=$(pss "$ex") standby_p=$(private "$ex")
    # 剪纸拼图, until its first frame holds; then a piece (the middle
    # of the tray is always covered by some) dragged in circles.
    "$WATCH" -tap "${CARD[jigsaw]}" -stable 800 -max 6000 >/dev/null || true
    xdotool mousemove 1530 650 mousedown 1
    end=$((SECONDS + DRAG))
    while [ "$SECONDS" -lt "$end" ]; do
      for a in 0 30 60 90 120 150 180 210 240 270 300 330; do
        xdotool mousemove "$(awk -v a="$a" 'BEGIN { printf "%d", 1200 + 300 * cos(a / 57.3) }')" \
          "$(awk -v a="$a" 'BEGIN { printf "%d", 640 + 200 * sin(a / 57.3) }')"
        sleep 0.05
      done
    done
    ex=$(exhibits_pid "$KIOSK")
    exhibit=$(pss "$ex") exhibit_p=$(private "$ex")
    shellm=$(pss "$KIOSK") shell_p=$(private "$KIOSK")
    [ "$round" -eq "$RUNS" ] && smaps_groups "$ex" >"$OUT/exhibit-smaps.txt"
    xdotool mouseup 1
    kill "$ex" "$KIOSK" 2>/dev/null || true
    wait "$KIOSK" 2>/dev/null || true
    KIOSK=""
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$floor" "$floor_p" "$standby" "$standby_p" \
      "$exhibit" "$exhibit_p" "$shellm" "$shell_p" "$((exhibit + shellm))" | tee -a "$MEM_TSV"
  done
  # Where the exhibit's memory goes: the same program alone, a piece held
  # and circled by the synthetic visitor, and its Go heap.
  GODEBUG=gctrace=1 "$BIN"/qingfeng-exhibits --spec "$OUT/jigsaw.json" --bench-drive --bench 10s \
    >"$OUT/alone.out" 2>"$OUT/alone.log" &
  FLOOR=$!
  waitlog "$OUT/alone.out" '^ready' 20 || true
  sleep 7
  {
    echo "Pss $(($(pss "$FLOOR") / 1024)) MiB"
    smaps_groups "$FLOOR"
  } >"$OUT/alone-smaps.txt"
  wait "$FLOOR" 2>/dev/null || true
  FLOOR=""
fi

# --- results -----------------------------------------------------------------
# mib COLUMN: the median and the range of a column of memory.tsv, in MiB.
mib() {
  local m r
  m=$(awk -F'\t' -v c="$1" 'NR > 1 { printf "%.1f\n", $c / 1024 }' "$MEM_TSV" | median)
  r=$(awk -F'\t' -v c="$1" 'NR > 1 { printf "%.1f\n", $c / 1024 }' "$MEM_TSV" | span)
  printf '%7s  (%s)' "$m" "$r"
}
{
  echo "exhibits benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "load $(cut -d' ' -f1-3 /proc/loadavg); RUNS=$RUNS SECONDS_EACH=$SECONDS_EACH DRAG=$DRAG; medians (range)"
  if part fps; then
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
  fi
  if part tap; then
    echo
    echo "tap on the card to the exhibit's first frame on screen (ms), and from the spec reaching the program standing by to its first frame drawn (ms)"
    for kind in quiz teas jigsaw; do
      l=$(awk -F'\t' -v k="$kind" '$2 == k { print $3 }' "$TAP_TSV" | median)
      r=$(awk -F'\t' -v k="$kind" '$2 == k { print $4 }' "$TAP_TSV" | median)
      printf '%-6s tap-to-frame %s  play-to-ready %s\n' "$kind" "$l" "$r"
    done
  fi
  if part memory; then
    echo
    echo "memory at 1920x1080, MiB: PSS, and private (shared with no other process)"
    printf '%-44s %-22s %s\n' "" "PSS" "private"
    printf '%-44s %s  %s\n' "floor: the empty game, 3 s after its first frame" "$(mib 2)" "$(mib 3)"
    printf '%-44s %s  %s\n' "exhibits program standing by (list shown)" "$(mib 4)" "$(mib 5)"
    printf '%-44s %s  %s\n' "exhibits program, 剪纸拼图, a piece dragged" "$(mib 6)" "$(mib 7)"
    printf '%-44s %s  %s\n' "the shell at the same moment" "$(mib 8)" "$(mib 9)"
    printf '%-44s %s\n' "shell + exhibits program" "$(mib 10)"
    echo
    echo "where the exhibits program's memory goes during 剪纸拼图 (PSS by mapping, last round, in the shell)"
    cat "$OUT/exhibit-smaps.txt"
    echo
    echo "the same program alone (--bench-drive, a piece held and circled), 7 s after its first frame"
    cat "$OUT/alone-smaps.txt"
    echo "Go heap (gctrace, last collection): $(grep '^gc ' "$OUT/alone.log" | tail -1 | sed -n 's/.*cpu, \([0-9>-]* MB\), \([0-9]* MB goal\).*/\1, \2/p')"
  fi
} | tee "$OUT/results.txt"
