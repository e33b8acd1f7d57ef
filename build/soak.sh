#!/usr/bin/env bash
# Soak test: the real kiosk on the demo content under Xvfb, driven for
# DURATION by synthetic taps across its screens (Home, a story and back, the
# story list, the disclosures and a search, the village finances, the 互动展项
# list, a quiz started and left, a rating, an opinion typed on the pinyin
# keyboard and submitted, staff mode with its charts), with pauses for the
# attract loop and the closed screen of the opening hours, while its RSS, Go heap and goroutines are recorded each
# minute (RSS from /proc, heap and goroutines from the kiosk's status.json).
# Writes OUT/soak.csv and OUT/soak.png (build/soakchart) and prints the
# drift between the first and the last ten minutes (after five minutes of
# start-up).
#
# usage: build/soak.sh            (or make soak DURATION=1h)
#   DURATION=1h   how long to drive the kiosk (sleep syntax: 30m, 1h)
#   OUT=bin/soak  where the CSV, chart and logs go
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
DURATION=${DURATION:-1h}
OUT=${OUT:-bin/soak}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
build/deps.sh test >/dev/null
make --no-print-directory build

DATA="$OUT/data"
CONF="$OUT/qingfeng.yaml"
rm -rf "$DATA"
# The idle time is longer than any wait within a cycle, shorter than the
# pauses between them. Times below are minutes after C0, the next whole
# minute: nobody at the screen from 1 to 4 (so that the attract loop and
# the closed screen are warmed up within the five minutes of start-up the
# drift leaves out), and in each hour from 20 to 22 (the attract loop),
# 32 to 36 and 50 to 52; closed by the opening hours from 2 to 3 and in
# each hour from 33 to 35.
C0=$(( ($(date +%s) / 60 + 1) * 60 ))
schedule=$(python3 - "$C0" <<'EOP'
import sys, datetime as dt, zoneinfo
c0 = int(sys.argv[1]); tz = zoneinfo.ZoneInfo("Asia/Shanghai")
closed = [(c0 + 120, c0 + 180)] + [(c0 + (h * 60 + 33) * 60, c0 + (h * 60 + 35) * 60) for h in range(24)]
days = {}
for a, b in closed:
    la, lb = dt.datetime.fromtimestamp(a, tz), dt.datetime.fromtimestamp(b, tz)
    days.setdefault(la.date(), []).append((la.hour * 60 + la.minute, (lb.hour * 60 + lb.minute) if lb.date() == la.date() else 1440))
print("  dates:")
for d, spans in sorted(days.items()):
    opens, at = [], 0
    for a, b in sorted(spans):
        if a > at:
            opens.append((at, a))
        at = max(at, b)
    if at < 1440:
        opens.append((at, 1440))
    text = ", ".join("%02d:%02d-%02d:%02d" % (a // 60, a % 60, b // 60, b % 60) for a, b in opens) or "closed"
    print("    %s: %s" % (d.isoformat(), text))
EOP
)
pin=$(echo 2468 | bin/qingfeng staff-pin | sed -n "s/^  pin_hash: //p")
cat >"$CONF" <<EOC
site:
  id: soak
  name: 清厢茶馆
screen:
  idle_after: 45s
  slide: 8s
opinions:
  min_interval: 1s
staff:
  pin_hash: $pin
schedule:
$schedule
  display_off: true
screenshot:
  every: 10m
EOC

n=90
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
export DISPLAY=":$n" DBUS_SESSION_BUS_ADDRESS=disabled: LANG=zh_CN.UTF-8 FYNE_SCALE=1
Xvfb "$DISPLAY" -screen 0 1920x1080x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
XVFB=$!
KIOSK=""
cleanup() {
  [ -z "$KIOSK" ] || kill "$KIOSK" 2>/dev/null || true
  kill "$XVFB" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done

bin/qingfeng run --config "$CONF" --data "$DATA" >"$OUT/kiosk.log" 2>&1 &
KIOSK=$!
for _ in $(seq 600); do xdotool search --name 清风 >/dev/null 2>&1 && break; sleep 0.1; done
sleep 5

tap() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-1.5}"; }
HOME_BTN="200 40"  # 首页 in the top bar
BACK="80 45"       # 返回
# One visit: every kind of screen, back to Home. Positions are those of the
# landscape goldens in kiosk/testdata.
cycle() {
  tap 960 420; tap $BACK              # the featured story, back
  tap 250 960; tap 320 330; tap $BACK; tap $HOME_BTN   # stories, the first, back, Home
  tap 720 960; tap 195 270; tap $BACK                   # disclosures, the 印章 search, back
  tap 1440 990; tap $HOME_BTN                           # the village finances, Home
  tap 1200 960 3                                        # 互动展项 (a program stands by)
  tap 320 300 4; tap 1770 92 3; tap $HOME_BTN           # the quiz, its 返回, Home
  tap 1680 960; tap 480 500; tap 320 312; tap 832 1040 2; tap $HOME_BTN  # a rating, Home
  # An opinion: 写意见, a phrase, "cun" on the keyboard and a space for the
  # first candidate, submitted; Home from the thank-you screen.
  tap 1680 960; tap 1437 237 2; tap 323 1042 0.5
  tap 672 897 0.3; tap 1245 752 0.3; tap 1437 897 0.5; tap 1809 969 0.5
  tap 1846 141 2; tap $HOME_BTN
  # Staff mode: five taps on the site's name, the PIN 2468, its charts, Home.
  for _ in 1 2 3 4 5; do tap 86 42 0.2; done
  sleep 1
  tap 960 525 0.3; tap 818 629 0.3; tap 1102 629 0.3; tap 960 733 0.3; tap 1102 836 3
  tap $HOME_BTN
}
# Nobody there (the minutes after C0 above)?
idle_now() {
  local m=$((($(date +%s) - C0) / 60))
  [ "$m" -ge 0 ] || return 1
  local h=$((m % 60))
  { [ "$m" -ge 1 ] && [ "$m" -lt 4 ]; } || { [ "$h" -ge 20 ] && [ "$h" -lt 22 ]; } ||
    { [ "$h" -ge 32 ] && [ "$h" -lt 36 ]; } || { [ "$h" -ge 50 ] && [ "$h" -lt 52 ]; }
}
pause() {
  idle_now || return 0
  while idle_now; do
    sleep 5
    record
  done
  tap 960 540 2 # the first touch after a pause ends the attract loop
}

CSV="$OUT/soak.csv"
echo "minute,rss_mb,heap_mb,goroutines" >"$CSV"
sample() {
  local rss heap gor
  rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$KIOSK/status")
  heap=$(sed -n 's/.*"heap_mb": \([0-9.]*\).*/\1/p' "$DATA/status.json" | head -1)
  gor=$(sed -n 's/.*"goroutines": \([0-9]*\).*/\1/p' "$DATA/status.json" | head -1)
  printf '%s,%s,%s,%s\n' "$1" "$rss" "${heap:-0}" "${gor:-0}" | tee -a "$CSV"
}

secs=$(python3 -c "import re,sys; s='$DURATION'; m=re.fullmatch(r'(\d+)([smh]?)', s); print(int(m[1]) * {'':1,'s':1,'m':60,'h':3600}[m[2]])")
start=$(date +%s)
minute=0
sample 0
cycles=0
record() {
  kill -0 "$KIOSK" || { echo "the kiosk died; see $OUT/kiosk.log"; exit 1; }
  local now_min=$((($(date +%s) - start) / 60))
  while [ "$minute" -lt "$now_min" ]; do
    minute=$((minute + 1))
    sample "$minute"
  done
}
while [ $(($(date +%s) - start)) -lt "$secs" ]; do
  pause
  cycle
  cycles=$((cycles + 1))
  record
done
echo "$cycles cycles in $DURATION"
for what in "closed: outside the opening hours" "open: within the opening hours" "staff mode entered" "opinion recorded" "screenshot saved" "memory returned while idle"; do
  printf '%-40s %s\n' "$what" "$(grep -c "$what" "$OUT/kiosk.log" || true)"
done
# What each return of memory while idle took back (RSS before → after).
sed -n 's/.*memory returned while idle" rss_before_mb=\([0-9]*\)[0-9.]* rss_after_mb=\([0-9]*\)[0-9.]* took=\(.*\)/  idle: RSS \1 → \2 MiB in \3/p' "$OUT/kiosk.log"
go run ./build/soakchart -in "$CSV" -out "$OUT/soak.png"
echo "chart: $OUT/soak.png"
