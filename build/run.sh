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
# Xvfb picks a free display and reports it on fd 3 (a guessed number can
# collide with the stale lock of an earlier run).
fifo=$(mktemp -u)
mkfifo "$fifo"
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$fifo" &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -f "$fifo"' EXIT
read -r n <"$fifo"
echo "no DISPLAY: started a virtual screen :$n (1920x1080)."
echo "look at it with:  DISPLAY=:$n import -window root shot.png"
DISPLAY=":$n" LANG=zh_CN.UTF-8 bin/qingfeng run --windowed --data "$data"
