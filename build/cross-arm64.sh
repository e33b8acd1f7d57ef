#!/usr/bin/env bash
# Cross-builds both programs for 64-bit ARM Linux (Raspberry Pi 4/5 with a
# 64-bit Raspberry Pi OS, Armbian boards) on a Debian amd64 machine:
#   bin/arm64/qingfeng  bin/arm64/qingfeng-exhibits
# and bin/qingfeng-arm64.tar.gz: both with what build/install.sh needs, to
# copy to the board (docs/deploy.md, "ARM boards").
# Both use cgo (SQLite, OpenGL, X11, ALSA), so this needs Debian's cross
# compiler and the arm64 (multiarch) -dev packages; it installs those that
# are missing, like build/deps.sh (root or sudo the first time only).
# Then, when qemu-user-static is present (SMOKE=1 installs it), it runs the
# arm64 qingfeng under emulation: --help and `check` on the bundled demo.
# usage: build/cross-arm64.sh            (VERSION=..., SMOKE=0|1)
set -euo pipefail
cd "$(dirname "$0")/.."

triple=aarch64-linux-gnu
cross_pkgs=(crossbuild-essential-arm64 pkg-config)
# The arm64 twins of build/deps.sh's build packages.
arm64_pkgs=(libgl1-mesa-dev:arm64 libx11-dev:arm64 libxcb1-dev:arm64 libxcb-randr0-dev:arm64 libxcursor-dev:arm64 libxrandr-dev:arm64
  libxinerama-dev:arm64 libxi-dev:arm64 libxxf86vm-dev:arm64 libasound2-dev:arm64 libturbojpeg0-dev:arm64 libzinnia-dev:arm64)
smoke=${SMOKE:-1}
[ "$smoke" = 1 ] && cross_pkgs+=(qemu-user-static)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
fi
need_root() {
  if [ -n "$sudo" ] && ! command -v sudo >/dev/null; then
    echo "need root to $1" >&2
    exit 1
  fi
}

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  need_root "add the arm64 architecture"
  echo "adding the arm64 architecture to dpkg"
  $sudo dpkg --add-architecture arm64
fi

missing=()
for p in "${cross_pkgs[@]}" "${arm64_pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  need_root "install: ${missing[*]}"
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Only the arm64 .pc files: PKG_CONFIG_LIBDIR replaces the default search
# path, so the host's (amd64) libraries can never be picked up.
export CC=$triple-gcc CXX=$triple-g++
export GOOS=linux GOARCH=arm64 CGO_ENABLED=1
export PKG_CONFIG_LIBDIR=/usr/lib/$triple/pkgconfig:/usr/share/pkgconfig
export PKG_CONFIG_PATH=
export GOFLAGS=-tags=sqlite_fts5,no_emoji
export PATH=$PATH:/usr/local/go/bin

version=${VERSION:-$(git describe --always --dirty 2>/dev/null || echo dev)}
mkdir -p bin/arm64
start=$(date +%s)
go build -ldflags "-X main.version=$version" -o bin/arm64/qingfeng ./app/qingfeng
go build -o bin/arm64/qingfeng-exhibits ./app/qingfeng-exhibits
echo "built bin/arm64/qingfeng and bin/arm64/qingfeng-exhibits in $(($(date +%s) - start)) s"
file bin/arm64/qingfeng bin/arm64/qingfeng-exhibits 2>/dev/null || true

tar -czf bin/qingfeng-arm64.tar.gz --transform 's,^,qingfeng/,' bin/arm64/qingfeng bin/arm64/qingfeng-exhibits \
  build/install.sh build/systemd build/xsession build/usb build/etc \
  docs/deploy.md docs/config.md docs/fleet.md docs/staff-guide.zh.md
echo "bin/qingfeng-arm64.tar.gz: on the board, tar xzf it, cd qingfeng, sudo BIN_DIR=bin/arm64 build/install.sh"

if [ "$smoke" = 1 ] && command -v qemu-aarch64-static >/dev/null; then
  # The arm64 libraries installed above (libGL, libX11, libasound, libc)
  # live in /usr/lib/aarch64-linux-gnu with the loader at
  # /lib/ld-linux-aarch64.so.1, where qemu's dynamic loading finds them.
  # qingfeng-exhibits needs a display even to start, so only qingfeng here.
  echo "smoke test under qemu-aarch64-static:"
  LANG=zh_CN.UTF-8 qemu-aarch64-static bin/arm64/qingfeng --help | sed -n 1p
  LANG=zh_CN.UTF-8 qemu-aarch64-static bin/arm64/qingfeng check assets/demo
fi
