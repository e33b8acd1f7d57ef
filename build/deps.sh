#!/usr/bin/env bash
# Installs the Debian packages qingfeng needs, and only those missing.
# usage: build/deps.sh build|test|run|office|fixtures
# Needs root (or sudo) the first time; later runs install nothing and say so.
set -euo pipefail

build_pkgs=(gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcb1-dev libxcb-randr0-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libasound2-dev libturbojpeg0-dev libzinnia-dev)
display_pkgs=(xvfb xauth xdotool imagemagick x11-xserver-utils x11-utils)
# The fleet's integration test runs two Syncthing instances on loopback;
# the install test checks the unit with systemd-analyze; the e2e test of a
# mode change runs Xorg's dummy driver (Xvfb cannot change modes); the
# district's fleet page is opened in headless Chromium; the Debian package
# (build/deb) is checked with lintian. The office program is cross-built
# for Windows with mingw-w64 (cgo for SQLite) and its tests run under Wine.
test_pkgs=(syncthing systemd xserver-xorg-core xserver-xorg-video-dummy chromium lintian gcc-mingw-w64-x86-64 wine64)
# Handwriting: Zinnia's Simplified Chinese model, read at run time (the
# recognition test and the kiosk's 手写 keyboard need it).
model_pkgs=(tegaki-zinnia-simplified-chinese)
# Films: mpv plays them (a child of the shell), ffprobe/ffmpeg check them
# and cut their covers at import; the tests play and probe the demo film.
film_pkgs=(mpv ffmpeg)

want=("${build_pkgs[@]}")
case "${1:-build}" in
  build) ;;
  test) want+=("${display_pkgs[@]}" "${test_pkgs[@]}" "${model_pkgs[@]}" "${film_pkgs[@]}") ;;
  # make office: the Windows cross compiler.
  office) want+=(gcc-mingw-w64-x86-64) ;;
  run) want+=("${display_pkgs[@]}" "${model_pkgs[@]}" "${film_pkgs[@]}") ;;
  # Only to write the Word fixtures again (build/make-docx-fixtures.sh).
  fixtures) want+=(libreoffice-writer-nogui python3-docx) ;;
  *) echo "usage: $0 build|test|run|office|fixtures" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Go is not taken from Debian (bookworm has 1.19); the machine's own Go must
# be new enough for go.mod.
if ! command -v go >/dev/null; then
  echo "Go 1.26 or newer is needed on PATH (expected at /usr/local/go/bin)" >&2
  exit 1
fi
need=$(awk '/^go /{print $2; exit}' "$(dirname "$0")/../go.mod")
have=$(go env GOVERSION | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n1)" != "$need" ]; then
  echo "Go $need or newer is needed, found $have" >&2
  exit 1
fi
