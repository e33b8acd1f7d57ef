#!/usr/bin/env bash
# Makes the demo package's film, assets/demo/视频/清风萧山.mp4, from the demo
# art: five pictures, two seconds each, with a slow push-in and a quiet
# tone, 640×360 H.264 + AAC at 25 fps, about 200 KB (long enough for the
# e2e test to see it move and stop it before its end). Its subtitles
# (清风萧山.srt) are written by hand beside it, not by this script.
# Needs ffmpeg (build/deps.sh test). Run from the project's root.
set -euo pipefail
cd "$(dirname "$0")/.."
media=assets/demo/media
out=assets/demo/视频/清风萧山.mp4
mkdir -p "$(dirname "$out")"
# Each picture: scaled to fill 640×360, then zoomed 1.00→1.08 over its 50
# frames, so every frame differs from the one before (the e2e test sees
# the film move).
part='scale=1280:720:force_original_aspect_ratio=increase,crop=1280:720,zoompan=z=1+0.0016*on:d=50:s=640x360:fps=25,setsar=1'
ffmpeg -nostdin -v error -y \
  -loop 1 -t 2 -i "$media/clear-wind-watch.png" \
  -loop 1 -t 2 -i "$media/persimmon-village.png" \
  -loop 1 -t 2 -i "$media/qingmei.png" \
  -loop 1 -t 2 -i "$media/canteen.png" \
  -loop 1 -t 2 -i "$media/four-gentlemen.png" \
  -f lavfi -t 10 -i "sine=frequency=330:sample_rate=22050" \
  -filter_complex "[0:v]${part}[a];[1:v]${part}[b];[2:v]${part}[c];[3:v]${part}[d];[4:v]${part}[e];[a][b][c][d][e]concat=n=5:v=1:a=0,format=yuv420p[v];[5:a]volume=0.2[s]" \
  -map '[v]' -map '[s]' -c:v libx264 -preset veryslow -profile:v main -crf 34 -g 25 \
  -c:a aac -b:a 24k -ac 1 -movflags +faststart -map_metadata -1 -fflags +bitexact -t 10 "$out"
ls -l "$out"
