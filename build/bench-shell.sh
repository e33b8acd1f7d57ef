#!/usr/bin/env bash
# Kiosk shell benchmark: qingfeng against Chromium in kiosk mode showing the
# same demo content as static HTML (qingfeng export-html), on one Xvfb
# display (1920x1080x24 unless SIZE says otherwise), runs interleaved
# (qingfeng, chromium, floor, qingfeng, ...).
#
#   (a) cold start (warm file cache) to the first frame of Home
#   (b) PSS of all the program's processes after opening every demo story
#   (c) qingfeng only: PSS after 10 and after CYCLES home -> story -> back cycles
#   (d) tap-to-frame: tapping the featured story (it has a cover) on Home
#   (f) PSS at Home after start, and for a minute left alone on Home after
#       (b): when it is back within 10 % of the figure at Home
#   (e) the floor: a hello-world Fyne window (build/fynehello) at the same
#       size and scale, start -> settled picture and PSS 3 s after start
#
# usage: build/bench-shell.sh   (or make bench-shell)
#   RUNS=5      runs of each program for (a), (b), (d); medians are reported
#   CYCLES=1000 navigation cycles for (c)
#   OUT=bin/bench-shell  results.txt, runs.tsv, logs and screenshots
#   SIZE=1920x1080 the screen; a multiple of 1920x1080 (3840x2160) is the
#               1080p layout at a larger scale: qingfeng chooses its scale
#               from the screen (its log says which), the floor gets
#               FYNE_SCALE of the same value, Chromium the same
#               --force-device-scale-factor, and every tap lands on the
#               same spot of the layout, its 1080p position times the scale
#   CHROMIUM=1  0 leaves Chromium out (its runs are the longest at 4K)
#   QINGFENG=bin/qingfeng  the kiosk program measured
#   BEFORE=     another build of it (a checkout's bin/qingfeng) measured the
#               same way in the same runs, as the column "before"
# Needs root (or sudo) the first time, to install chromium, fonts-noto-cjk,
# xvfb, xdotool, x11-apps, imagemagick and a C compiler with the X headers.
#
# The screen is watched by build/bench-shell-watch.c (MIT-SHM copies of the
# root window, hashed, about every 10 ms); `xwd -root` takes about 200 ms a
# copy here, too coarse for these figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
RUNS=${RUNS:-5}
CYCLES=${CYCLES:-1000}
SIZE=${SIZE:-1920x1080}
W=${SIZE%x*}
H=${SIZE#*x}
PROGS=(qingfeng chromium floor)
[ "${CHROMIUM:-1}" != 0 ] || PROGS=(qingfeng floor)
# BEFORE=path: another build of qingfeng, measured the same way in the
# same runs, right after this one (tap and start-up figures side by side).
[ -z "${BEFORE:-}" ] || PROGS=(qingfeng before "${PROGS[@]:1}")
OUT=${OUT:-bin/bench-shell}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# --- tools -----------------------------------------------------------------
. build/bench-tools.sh
if [ "${CHROMIUM:-1}" != 0 ]; then
  bench_tools chromium fonts-noto-cjk xvfb xdotool x11-apps imagemagick
else
  bench_tools xvfb xdotool x11-apps imagemagick
fi
# The floor is Fyne's hello world as anybody builds it: Fyne's default
# tags, whatever GOFLAGS the kiosk's own build uses (no_emoji).
GOFLAGS= go build -o bin/fynehello ./build/fynehello

# --- content: the demo, installed once, and the same as a web site ----------
DATA="$OUT/data"
SITE="$OUT/site"
CONF="$OUT/qingfeng.yaml"
rm -rf "$DATA" "$SITE"
bin/qingfeng import --data "$DATA" assets/demo >"$OUT/import.log" 2>&1
# A long slide time and idle time: nothing moves on its own while measuring.
printf 'screen:\n  slide: 1h\n  idle_after: 1h\n' >"$CONF"
bin/qingfeng export-html --config "$CONF" --data "$DATA" --out "$SITE" >"$OUT/export.log" 2>&1

# --- the display -------------------------------------------------------------
n=70
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
export DISPLAY=":$n"
Xvfb "$DISPLAY" -screen 0 "${W}x${H}x24" -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
XVFB=$!
PROG_PIDS=()
cleanup() {
  stop_program || true
  kill "$XVFB" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
# No FYNE_SCALE: qingfeng would take it as an override of the scale it
# chooses from the screen.
unset FYNE_SCALE
export DBUS_SESSION_BUS_ADDRESS=disabled: LANG=zh_CN.UTF-8
ROOT_HASH=$("$WATCH" -hash)

# --- helpers ------------------------------------------------------------------
# field NAME LINE: the value of NAME=... in a watcher's "end" line.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

# watch ARGS...: runs the watcher, keeps its full output in $OUT/watch.log
# and $WOUT, and leaves its "end" line in $END.
watch() {
  local o
  o=$("$WATCH" "$@") || true
  WOUT=$o
  printf '%s\n' "$o" >>"$OUT/watch.log"
  END=$(grep '^end ' <<<"$o" || echo "end first=-0.1 match=-0.1 last=-0.1 timeout=1")
  PID_LINE=$(grep '^pid ' <<<"$o" || true)
}

# tree PID: PID and all its descendants.
tree() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { kids[$2] = kids[$2] " " $1 }
    END { q[1] = root; n = 1; for (i = 1; i <= n; i++) { print q[i]; m = split(kids[q[i]], k, " "); for (j = 1; j <= m; j++) q[++n] = k[j] } }'
}

# program_pids: every process of the program under test: the tree of the
# started process, and for Chromium anything else run with its profile
# folder (a helper re-parented to init would otherwise be missed).
program_pids() {
  { tree "$MAIN"; [ -n "${MARK:-}" ] && pgrep -f -- "$MARK" || true; } | sort -un
}

# pss_mib: PSS summed over the program's processes, from smaps_rollup.
pss_mib() {
  local total=0 p kb
  for p in $(program_pids); do
    kb=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true)
    total=$((total + ${kb:-0}))
  done
  awk -v kb="$total" 'BEGIN { printf "%.1f", kb / 1024 }'
}

xvfb_mib() { awk '/^Pss:/ { printf "%.1f", $2 / 1024 }' "/proc/$XVFB/smaps_rollup"; }

stop_program() {
  [ -n "${MAIN:-}" ] || return 0
  local pids
  pids=$(program_pids)
  kill $pids 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 $pids 2>/dev/null || break
    sleep 0.1
  done
  kill -9 $pids 2>/dev/null || true
  MAIN=""
  [ -z "${PROFILE:-}" ] || rm -rf "$PROFILE"
  PROFILE=""
  MARK=""
}

# The programs. Chromium gets a fresh profile each time (a cold
# browser, like a rebooted kiosk) with translation turned off: its English
# UI would otherwise offer to translate the Chinese page.
qingfeng_cmd() { CMD=("${QINGFENG:-bin/qingfeng}" run --config "$CONF" --data "$DATA"); MARK=""; PROFILE=""; }
chromium_cmd() {
  PROFILE=$(mktemp -d /tmp/bench-shell-chromium.XXXXXX)
  mkdir -p "$PROFILE/Default"
  echo '{"translate":{"enabled":false},"intl":{"accept_languages":"zh-CN,zh"}}' >"$PROFILE/Default/Preferences"
  MARK="--user-data-dir=$PROFILE"
  # No window manager: the window is placed over the whole screen by hand.
  CMD=(chromium --kiosk --no-sandbox --disable-gpu --no-first-run --disable-background-networking
    --disable-component-update --disable-sync --disable-quic --window-position=0,0 --window-size="$W,$H"
    "$MARK" "file://$SITE/index.html")
  [ "$S" = 1 ] || CMD+=(--force-device-scale-factor="$S")
}
floor_cmd() { CMD=(env FYNE_SCALE="$S" bin/fynehello); MARK=""; PROFILE=""; }
before_cmd() { CMD=("$BEFORE" run --config "$CONF" --data "$DATA"); MARK=""; PROFILE=""; }

# Where things are on each program's screens (found on screenshots; see
# BENCHMARKS.md). Cards: the 10 demo stories in a 3-column grid; rows 1-2 are
# tapped with the list scrolled to the top, rows 3-4 scrolled to the bottom.
# These are 1080p positions; places SCALE multiplies them by the scale.
TILE_STORIES=250,960
CAROUSEL=960,420
BACK=80,45
declare -A CARD_X CARD_Y
CARD_X[qingfeng]="322 959 1597"
CARD_Y[qingfeng]="316 818 310 805" # row 1, 2 (top), 3, 4 (bottom)
CARD_X[before]=${CARD_X[qingfeng]}
CARD_Y[before]=${CARD_Y[qingfeng]}
CARD_X[chromium]="320 949 1577"
CARD_Y[chromium]="384 900 200 720"
# scaled N...: each N times the scale.
scaled() { local n o=(); for n in "$@"; do o+=($((n * S))); done; echo "${o[*]}"; }
places() {
  local p
  TILE_STORIES=$(scaled ${TILE_STORIES/,/ } | tr ' ' ,)
  CAROUSEL=$(scaled ${CAROUSEL/,/ } | tr ' ' ,)
  BACK=$(scaled ${BACK/,/ } | tr ' ' ,)
  for p in qingfeng before chromium; do
    CARD_X[$p]=$(scaled ${CARD_X[$p]})
    CARD_Y[$p]=$(scaled ${CARD_Y[$p]})
  done
}

scroll() { # scroll top|bottom
  xdotool mousemove $((960 * S)) $((600 * S))
  if [ "$1" = top ]; then xdotool click --repeat 40 --delay 5 4; else xdotool click --repeat 40 --delay 5 5; fi
  sleep 0.8 # Chromium scrolls smoothly
}

shot() { import -window root -resize "$((50 / S))%" "$OUT/$1.png"; }

declare -A R # results: R[prog,figure,run]

# one_run PROG RUN: (a), then (d) first open, then (b), then (d) repeats.
one_run() {
  local prog=$1 run=$2 first home
  "${prog}_cmd"
  local save=()
  [ "$run" != 1 ] || save=(-save "$OUT/frames-$prog")
  watch -base "$ROOT_HASH" -until "${REF[$prog]}" -stable 1000 -max 30000 "${save[@]}" -log "$OUT/$prog-run$run.log" -exec "${CMD[@]}"
  MAIN=$(awk '{ print $2 }' <<<"$PID_LINE")
  R[$prog,first,$run]=$(field first "$END")
  R[$prog,home,$run]=$(field match "$END")
  [ "$(field timeout "$END")" = 0 ] || echo "  $prog run $run: Home never matched the reference picture" >&2
  R[$prog,interval,$run]=$(field interval "$END")
  sleep 2
  R[$prog,homepss,$run]=$(pss_mib)

  # (d) the first story a visitor opens: tap the featured story on Home.
  watch -tap "$CAROUSEL" -base now -stable 1000 -max 10000
  R[$prog,tap1,$run]=$(field first "$END")
  R[$prog,tap1s,$run]=$(field last "$END")
  [ "$run" != 1 ] || shot "$prog-featured-story"
  watch -tap "$BACK" -base now -stable 500 -max 10000

  # (b) every story, from the stories list.
  watch -tap "$TILE_STORIES" -base now -stable 500 -max 10000
  [ "$run" != 1 ] || shot "$prog-stories"
  local xs=(${CARD_X[$prog]}) ys=(${CARD_Y[$prog]}) i row opened=0
  for i in $(seq 0 9); do
    row=$((i / 3))
    if ((row < 2)); then scroll top; else scroll bottom; fi
    watch -tap "${xs[$((i % 3))]},${ys[$row]}" -base now -stable 300 -max 10000
    if [ "$(field first "$END")" != -0.1 ]; then opened=$((opened + 1)); fi
    [ "$run" != 1 ] || shot "$prog-story-$((i + 1))"
    watch -tap "$BACK" -base now -stable 300 -max 10000
  done
  R[$prog,opened,$run]=$opened
  watch -tap "$BACK" -base now -stable 1000 -max 10000 # the list -> Home
  sleep 2
  R[$prog,pss,$run]=$(pss_mib)
  R[$prog,xvfb,$run]=$(xvfb_mib)
  R[$prog,procs,$run]=$(program_pids | wc -l)

  # (f) left alone on Home after the walk: PSS every 5 s for a minute;
  # the first time it is back within 10 % of Home's figure after start.
  local t0 p back=-
  t0=$(date +%s%N)
  for i in $(seq 1 12); do
    sleep "$(awk -v t0="$t0" -v now="$(date +%s%N)" -v i="$i" 'BEGIN { d = 5 * i - (now - t0) / 1e9; print (d > 0 ? d : 0) }')"
    p=$(pss_mib)
    printf '%s\t%s\t%s\t%s\n' "$prog" "$run" $((5 * i)) "$p" >>"$OUT/idle.tsv"
    if [ "$back" = - ] && awk -v p="$p" -v h="${R[$prog,homepss,$run]}" 'BEGIN { exit !(p <= 1.1 * h) }'; then back=$((5 * i)); fi
  done
  R[$prog,idlepss,$run]=$p
  R[$prog,back,$run]=$back

  # (d) again, the pictures now decoded/cached (and the screen left alone
  # for a minute before the first): median of 5 taps.
  local t=() s=()
  for i in 1 2 3 4 5; do
    watch -tap "$CAROUSEL" -base now -stable 1000 -max 10000
    t+=("$(field first "$END")")
    s+=("$(field last "$END")")
    watch -tap "$BACK" -base now -stable 500 -max 10000
  done
  R[$prog,tap2,$run]=$(median "${t[@]}")
  R[$prog,tap2s,$run]=$(median "${s[@]}")
  [ "$run" != 1 ] || shot "$prog-home-after"
  stop_program
  printf '%s run %s: first change %s ms, home %s ms, first tap %s/%s ms, repeat tap %s/%s ms, PSS %s MiB (%s processes; Home %s, a minute later %s, back within 10 %% after %s s), %s/10 stories opened\n' \
    "$prog" "$run" "${R[$prog,first,$run]}" "${R[$prog,home,$run]}" "${R[$prog,tap1,$run]}" "${R[$prog,tap1s,$run]}" \
    "${R[$prog,tap2,$run]}" "${R[$prog,tap2s,$run]}" "${R[$prog,pss,$run]}" "${R[$prog,procs,$run]}" \
    "${R[$prog,homepss,$run]}" "${R[$prog,idlepss,$run]}" "${R[$prog,back,$run]}" "$opened"
}

# floor_run RUN: (e), the hello-world Fyne window: start -> the picture it
# settles on, and PSS 3 s after start (as build/bench-fyne-floor.sh).
floor_run() {
  local run=$1
  floor_cmd
  local t0
  t0=$(date +%s%N)
  watch -base "$ROOT_HASH" -stable 1000 -max 30000 -log "$OUT/floor-run$run.log" -exec "${CMD[@]}"
  MAIN=$(awk '{ print $2 }' <<<"$PID_LINE")
  R[floor,first,$run]=$(field first "$END")
  R[floor,home,$run]=$(field last "$END")
  R[floor,interval,$run]=$(field interval "$END")
  sleep "$(awk -v t0="$t0" -v now="$(date +%s%N)" 'BEGIN { d = 3 - (now - t0) / 1e9; print (d > 0 ? d : 0) }')"
  R[floor,pss,$run]=$(pss_mib)
  R[floor,xvfb,$run]=$(xvfb_mib)
  R[floor,procs,$run]=$(program_pids | wc -l)
  stop_program
  printf 'floor run %s: first change %s ms, settled %s ms, PSS %s MiB\n' "$run" "${R[floor,first,$run]}" "${R[floor,home,$run]}" "${R[floor,pss,$run]}"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() {
  local prog=$1 fig=$2 run vals=()
  for run in $(seq 1 "$RUNS"); do [ -z "${R[$prog,$fig,$run]:-}" ] || vals+=("${R[$prog,$fig,$run]}"); done
  # A run without the figure ("-": never back within 10 %) makes it "-".
  if ((${#vals[@]})) && ! printf '%s\n' "${vals[@]}" | grep -qx -- -; then median "${vals[@]}"; else echo -; fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# --- reference pictures of Home ------------------------------------------------
# One unmeasured start of each program (it also warms the file cache). The
# reference is the complete Home: the picture each program settles on
# (Chromium paints a blank window, then the page in steps; qingfeng shows
# Home with a plain panel where the carousel's picture follows a few tens of
# milliseconds later, decoded off the UI thread). The slide time is an
# hour, so the carousel does not move on by itself.
declare -A REF
echo "reference pictures of Home (unmeasured warm-up starts)"
S=1
for prog in "${PROGS[@]}"; do
  "${prog}_cmd"
  watch -base "$ROOT_HASH" -stable 3000 -max 30000 -save "$OUT/reference-$prog" -log "$OUT/$prog-warmup.log" -exec "${CMD[@]}"
  MAIN=$(awk '{ print $2 }' <<<"$PID_LINE")
  seen=$(awk '/^[0-9]/ { print $2 }' <<<"$WOUT" | grep -v "^${ROOT_HASH}$")
  REF[$prog]=$(tail -1 <<<"$seen")
  echo "  $prog: $(wc -l <<<"$seen") pictures before it settled; reference $(printf '%s' "${REF[$prog]}")"
  stop_program
  sleep 1
  if [ "$prog" = qingfeng ]; then
    # The scale qingfeng chose for this screen, from its log.
    FIT=$(grep -m1 'screen fitted' "$OUT/qingfeng-warmup.log" || true)
    S=$(grep -oE '[" ]scale"?[=:][0-9.]+' <<<"$FIT" | head -1 | grep -oE '[0-9.]+$' || true)
    echo "  qingfeng: ${FIT:-no \"screen fitted\" line in its log}"
    if [ "$S" != 1 ] && [ "$S" != 2 ] && [ "$S" != 3 ] || [ "$W" != $((1920 * S)) ] || [ "$H" != $((1080 * S)) ]; then
      echo "qingfeng chose scale '$S' on $SIZE: the taps know only the 1080p layout times a whole scale" >&2
      exit 1
    fi
    places
  fi
done
for f in "$OUT"/reference-*.ppm "$OUT"/frames-*.ppm; do
  [ -e "$f" ] && convert "$f" -resize 50% "${f%.ppm}.png" && rm -f "$f"
done

# --- (a) (b) (d): interleaved runs --------------------------------------------------
rm -f "$OUT"/frames-*.png "$OUT/idle.tsv"
for run in $(seq 1 "$RUNS"); do
  for prog in "${PROGS[@]}"; do
    if [ "$prog" = floor ]; then floor_run "$run"; else one_run "$prog" "$run"; fi
    sleep 1
  done
done
for f in "$OUT"/frames-*.ppm; do
  [ -e "$f" ] && convert "$f" -resize 50% "${f%.ppm}.png" && rm -f "$f"
done

# --- (c) qingfeng: CYCLES times Home -> featured story -> back ------------------
echo "(c) $CYCLES navigation cycles"
qingfeng_cmd
watch -base "$ROOT_HASH" -until "${REF[qingfeng]}" -stable 2000 -max 30000 -log "$OUT/qingfeng-cycles.log" -exec "${CMD[@]}"
MAIN=$(awk '{ print $2 }' <<<"$PID_LINE")
watch -tap "$CAROUSEL" -base now -stable 500 -max 10000
watch -tap "$BACK" -base now -stable 500 -max 10000
HOME_HASH=$("$WATCH" -hash)
PSS_START=$(pss_mib)
failed=0
taps=()
start=$(date +%s)
: >"$OUT/cycles.tsv"
for i in $(seq 1 "$CYCLES"); do
  watch -tap "$CAROUSEL" -base "$HOME_HASH" -max 10000
  if [ "$(field timeout "$END")" = 0 ]; then taps+=("$(field first "$END")"); else failed=$((failed + 1)); fi
  watch -tap "$BACK" -until "$HOME_HASH" -max 10000
  if [ "$(field timeout "$END")" != 0 ]; then
    failed=$((failed + 1))
    for _ in 1 2 3; do # lost: back until Home
      watch -tap "$BACK" -until "$HOME_HASH" -max 3000
      [ "$(field timeout "$END")" = 0 ] && break
    done
  fi
  if [ "$i" = 10 ]; then PSS_10=$(pss_mib); fi
  if [ "$i" = 10 ] || ((i % 100 == 0)) || [ "$i" = "$CYCLES" ]; then
    sleep 1
    printf '%s\t%s\t%s\n' "$i" "$(pss_mib)" "$(($(date +%s) - start))" | tee -a "$OUT/cycles.tsv"
  fi
done
sleep 2
PSS_END=$(pss_mib)
PSS_10=${PSS_10:-$PSS_END}
shot qingfeng-after-cycles
stop_program
CYCLE_TAP=$(median "${taps[@]}")
CYCLE_TAP95=$(printf '%s\n' "${taps[@]}" | sort -g | awk '{ v[NR] = $1 } END { i = int(NR * 0.95); if (i < 1) i = 1; print v[i] }')

# --- results ------------------------------------------------------------------------
{
  echo "Kiosk shell vs Chromium kiosk — $(date -u +%Y-%m-%d), $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)),"
  echo "Xvfb ${W}x${H}x24 ($DISPLAY), scale $S, $(chromium --version 2>/dev/null | head -1), median of $RUNS interleaved runs each, warm file cache."
  echo "Programs: ${PROGS[*]}. qingfeng: $FIT"
  echo "Screen polled every $(for prog in "${PROGS[@]}"; do printf '%s ms (%s runs) ' "$(col "$prog" interval)" "$prog"; done)- MIT-SHM copy + hash."
  echo
  # One column per program measured (the floor apart), then qingfeng's
  # ratio to Chromium when Chromium ran.
  COLS=()
  for prog in "${PROGS[@]}"; do [ "$prog" = floor ] || COLS+=("$prog"); done
  HAS_CHROMIUM=0
  for prog in "${COLS[@]}"; do [ "$prog" != chromium ] || HAS_CHROMIUM=1; done
  # row LABEL FIGURE TARGET [ratio]: the figure's median for each program.
  row() {
    local label=$1 fig=$2 target=$3 prog r=""
    printf '%-58s' "$label"
    for prog in "${COLS[@]}"; do printf ' %10s' "$(col "$prog" "$fig")"; done
    [ "${4:-}" != ratio ] || [ "$HAS_CHROMIUM" = 0 ] || r=$(ratio "$(col qingfeng "$fig")" "$(col chromium "$fig")")
    printf ' %8s  %s\n' "$r" "$target"
  }
  # above LABEL FIGURE FLOOR_FIGURE FORMAT TARGET: each program's median
  # minus the floor's.
  above() {
    local prog
    printf '%-58s' "$1"
    for prog in "${COLS[@]}"; do
      printf ' %10s' "$(awk -v a="$(col "$prog" "$2")" -v b="$(col floor "$3")" -v f="$4" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf f, a - b }')"
    done
    printf ' %8s  %s\n' "" "$5"
  }
  printf '%-58s' figure
  for prog in "${COLS[@]}"; do printf ' %10s' "$prog"; done
  printf ' %8s  %s\n' ratio target
  row "(a) start -> first change on screen (ms)" first "" ratio
  row "(a) start -> complete Home first shown (ms)" home "<= 0.33" ratio
  row "(b) PSS after opening all 10 stories, all processes (MiB)" pss "<= 0.33" ratio
  row "(b) PSS at Home, 2 s after start (MiB)" homepss "" ratio
  row "(f) PSS after the walk and a minute alone on Home (MiB)" idlepss "<= 1.1 x Home" ratio
  row "(f)   ... back within 10 % of Home after (s; - never)" back "<= 60"
  row "    processes counted" procs ""
  row "    Xvfb's own PSS at that moment, not counted (MiB)" xvfb ""
  row "    stories opened (of 10)" opened ""
  row "(d) tap featured story -> first change, first open (ms)" tap1 "< 100"
  row "(d)   ... -> picture settled, first open (ms)" tap1s ""
  row "(d) tap featured story -> first change, repeat open (ms)" tap2 "< 100"
  row "(d)   ... -> picture settled, repeat open (ms)" tap2s ""
  echo
  echo "(e) the floor, hello-world Fyne window at FYNE_SCALE=$S: start -> first change $(col floor first) ms, -> settled $(col floor home) ms;"
  echo "    PSS 3 s after start $(col floor pss) MiB (Xvfb $(col floor xvfb) MiB)."
  printf '%-58s' "above the floor (difference of the medians)"
  for prog in "${COLS[@]}"; do printf ' %10s' "$prog"; done
  printf '\n'
  above "  start -> complete Home (ms)" home home %+.0f "<= +75"
  above "  PSS at Home (MiB)" homepss pss %+.1f ""
  above "  PSS after the walk (MiB)" pss pss %+.1f "<= +70"
  echo
  echo "(c) qingfeng, $CYCLES cycles Home -> featured story -> back (each step checked on screen; $failed steps lost):"
  echo "    PSS at start $PSS_START MiB, after 10 cycles $PSS_10 MiB, after $CYCLES cycles $PSS_END MiB:" \
    "$(awk -v a="$PSS_END" -v b="$PSS_10" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }') (target within 10%)"
  echo "    tap -> first change over the cycles: median $CYCLE_TAP ms, p95 $CYCLE_TAP95 ms; PSS by cycle in cycles.tsv"
  echo
  echo "per run (ms, ms, ms/ms, ms/ms, MiB):"
  for run in $(seq 1 "$RUNS"); do
    for prog in "${PROGS[@]}"; do
      [ "$prog" != floor ] || { printf '  %-8s run %s  first %7s  settled %7s  PSS %7s\n' floor "$run" "${R[floor,first,$run]}" "${R[floor,home,$run]}" "${R[floor,pss,$run]}"; continue; }
      printf '  %-8s run %s  first %7s  home %7s  tap1 %6s/%-7s tap2 %6s/%-7s PSS %7s (Home %7s, idle %7s, back %3s s)\n' "$prog" "$run" "${R[$prog,first,$run]}" \
        "${R[$prog,home,$run]}" "${R[$prog,tap1,$run]}" "${R[$prog,tap1s,$run]}" "${R[$prog,tap2,$run]}" "${R[$prog,tap2s,$run]}" "${R[$prog,pss,$run]}" \
        "${R[$prog,homepss,$run]}" "${R[$prog,idlepss,$run]}" "${R[$prog,back,$run]}"
    done
  done
} | tee "$OUT/results.txt"
