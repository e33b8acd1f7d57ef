#!/usr/bin/env bash
# Film figures for BENCHMARKS.md, side by side on one X server:
#  1. the kiosk's player alone (build/filmbench: mpv with the kiosk's
#     options, no shell running): first frame, frames dropped;
#  2. the same film started by a tap in the running kiosk: tap to first
#     frame, frames dropped (from the kiosk's log).
# The film: 30 s of 1280×720 at 25 fps H.264 + AAC (ffmpeg's test
# pattern), made fresh in a temporary folder. Needs: make build (make bench-films runs it after), Xvfb,
# xdotool, ffmpeg, mpv (build/deps.sh test). Usage: build/bench-films.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-2}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/pkg/videos"
printf 'id: bench-films\ntitle: 测试视频\nversion: 1\n' > "$tmp/pkg/package.yaml"
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=440 \
  -t 30 -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -movflags +faststart "$tmp/pkg/videos/bench720.mp4"
go build -o "$tmp/filmbench" ./build/filmbench
disp=:$((90 + RANDOM % 100))
Xvfb "$disp" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1
export DISPLAY=$disp DBUS_SESSION_BUS_ADDRESS=disabled: LANG=zh_CN.UTF-8
echo "machine: $(nproc) cores; load: $(uptime | sed 's/.*load average: //'); $(date -u +%F)"
for i in $(seq "$runs"); do
  echo "alone $i: $("$tmp/filmbench" "$tmp/pkg/videos/bench720.mp4")"
done
data="$tmp/data"
mkdir -p "$data"
printf 'screen:\n  slide: 1h\n  idle_after: 1h\n' > "$data/qingfeng.yaml"
./bin/qingfeng import --config "$data/qingfeng.yaml" --data "$data" "$tmp/pkg" >/dev/null 2>&1
./bin/qingfeng run --config "$data/qingfeng.yaml" --data "$data" >"$tmp/kiosk.log" 2>&1 &
for _ in $(seq 60); do xdotool search --name 清风 >/dev/null 2>&1 && break; sleep 1; done
sleep 4
for i in $(seq "$runs"); do
  xdotool mousemove 960 960 click 1 # Home's 观看视频
  sleep 1.5
  before=$(grep -c 'film: ended' "$tmp/kiosk.log" || true)
  tap=$(date +%s.%N)
  xdotool mousemove 320 300 click 1 # the first film: bench-films sorts first
  xdotool mousemove 960 1075
  until [ "$(grep -c 'film: ended' "$tmp/kiosk.log" || true)" -gt "$before" ]; do sleep 1; done
  first=$(grep 'film: first frame' "$tmp/kiosk.log" | tail -1 | sed 's/^time=\([^ ]*\).*/\1/')
  ms=$(python3 -c "import datetime,sys; t=datetime.datetime.fromisoformat(sys.argv[1].replace('Z','+00:00')).timestamp(); print(round((t-float(sys.argv[2]))*1000))" "$first" "$tap")
  echo "kiosk $i: tap_to_first_frame_ms=$ms $(grep 'film: ended' "$tmp/kiosk.log" | tail -1 | grep -o 'dropped=[0-9]* decoder_dropped=[0-9]*')"
  sleep 2
  xdotool mousemove 110 60 click 1 # 返回 to Home
  sleep 1.5
done
