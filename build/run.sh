#!/usr/bin/env bash
# Starts the kiosk windowed on the demo content (make run). On a machine
# without a display (a server, a container) it starts one with Xvfb and says
# how to look at it.
set -euo pipefail
data=${1:-data}
export DBUS_SESSION_BUS_ADDRESS=${DBUS_SESSION_BUS_ADDRESS:-disabled:}
if [ -n "${DISPLAY:-}" ]; then
  exec bin/qingfeng run --windowed --data "$data"
fi
n=99
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n - 1)); done
echo "no DISPLAY: starting a virtual screen :$n (1920x1080)."
echo "look at it with:  DISPLAY=:$n import -window root shot.png"
Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
DISPLAY=":$n" LANG=zh_CN.UTF-8 bin/qingfeng run --windowed --data "$data"
