#!/bin/bash
# What libjpeg-turbo (Debian's libjpeg-turbo-progs: djpeg, cjpeg, jpegtran)
# takes for the steps of importing one phone photo, to weigh against Go's
# image/jpeg (go test ./content/parse -run '^$' -bench Photo). Measured
# with the command-line programs, process start and file writes included,
# so the figures are upper bounds of what the library would take through
# cgo. Usage: build/bench-import-jpegturbo.sh [PHOTO.jpg] [RUNS]
# (default: the first photo BenchmarkImportPhotos keeps in the temporary
# folder; run it once first).
set -euo pipefail
photo=${1:-${TMPDIR:-/tmp}/qingfeng-bench-phone-200/p000.jpg}
runs=${2:-5}
if ! command -v djpeg >/dev/null || ! command -v jpegtran >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends libjpeg-turbo-progs
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { # name command...: the median of $runs wall times, in ms
  local name=$1 t times=()
  shift
  for _ in $(seq "$runs"); do
    t=$( { TIMEFORMAT=%R; time "$@" >/dev/null 2>&1; } 2>&1 )
    times+=("$(awk -v s="$t" 'BEGIN { printf "%d", s * 1000 }')")
  done
  printf '%-44s %6s ms (of %s)\n' "$name" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")" "${times[*]}"
}
echo "$photo: $(stat -c %s "$photo") bytes; load $(cut -d' ' -f1-3 /proc/loadavg)"
djpeg -outfile "$work/p.ppm" "$photo"
step "decode, full size" djpeg -outfile /dev/null "$photo"
step "decode at 1/8 (DCT scaling): the thumbnail" djpeg -scale 1/8 -outfile /dev/null "$photo"
step "decode at 1/2 (DCT scaling)" djpeg -scale 1/2 -outfile /dev/null "$photo"
step "encode, quality 90" cjpeg -quality 90 -outfile "$work/q.jpg" "$work/p.ppm"
step "turn 90° without decoding (jpegtran)" jpegtran -rotate 90 -copy none -outfile "$work/r.jpg" "$photo"
