#!/usr/bin/env bash
# Installs qingfeng on a dedicated kiosk machine (Debian 12, Ubuntu 22.04+,
# Raspberry Pi OS, Armbian): `sudo make install` after `make build`.
# See docs/deploy.md. Safe to run again (an update): files are replaced,
# an existing /etc/qingfeng/qingfeng.yaml is kept, a running kiosk restarts.
#
#   /opt/qingfeng/releases/VERSION/  qingfeng, qingfeng-exhibits (side by side);
#                           current links to the one that runs; software
#                           updates are installed beside it (docs/fleet.md)
#   /opt/qingfeng/bin/      root's copies of the two programs installed by hand
#                           (what technicians run; the start script's fallback)
#   /opt/qingfeng/lib/qingfeng-start  the service's start script
#   /opt/qingfeng/lib/      the X session, wait-x, usb-mount
#   /opt/qingfeng/doc/      deploy.md, config.md, fleet.md, staff-guide.zh.md
#   /etc/qingfeng/qingfeng.yaml                    starter config (kept if present)
#   /etc/systemd/system/qingfeng.service           the kiosk
#   /etc/systemd/system/getty@tty1.service.d/      autologin of user qingfeng on tty1
#   /etc/udev/rules.d/99-qingfeng-usb.rules        USB sticks at /media/usb
#   /var/lib/qingfeng/      the user's home (.profile starts X), data/ the data folder
#   /usr/local/bin/qingfeng a link to /opt/qingfeng/bin/qingfeng, for staff-pin,
#                           status and the other commands (run with sudo: never
#                           a file the kiosk's user could change)
#
# Environment:
#   DESTDIR   stage into this folder instead: files only, no packages, user,
#             ownership or services (for a package, or to look first)
#   BIN_DIR   where the two programs are (default bin; bin/arm64 from make cross-arm64)
#   VERSION   their version, the release folder's name, when the program
#             cannot tell it here (it is asked first; make passes build/version.sh's)
#   NO_APT=1  do not install the runtime packages
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
dest=${DESTDIR:-}
dest=${dest%/}
bin_dir=${BIN_DIR:-$src/bin}
user=qingfeng
prefix=/opt/qingfeng
home=/var/lib/qingfeng

for p in qingfeng qingfeng-exhibits; do
  if [ ! -x "$bin_dir/$p" ]; then
    echo "install: $bin_dir/$p is missing: run make build first (or set BIN_DIR)" >&2
    exit 1
  fi
done

staged=0
if [ -n "$dest" ]; then
  staged=1
  echo "staging into $dest (files only: no packages, user or services)"
elif [ "$(id -u)" -ne 0 ]; then
  echo "install: run as root (sudo make install), or stage with DESTDIR=DIR" >&2
  exit 1
fi

# --- runtime packages (not when staging) --------------------------------
# X without a desktop: the server, its drivers (touch screens included,
# through libinput), startx and xset/xhost; the libraries the programs load
# (OpenGL with Mesa's drivers, X11, ALSA, libjpeg-turbo) and the handwriting model
# Zinnia reads at run time (Zinnia itself is linked in); mpv plays films, ffprobe/ffmpeg
# check them at import. Fonts are inside the program.
if [ "$staged" = 0 ] && [ "${NO_APT:-0}" != 1 ]; then
  want=(xserver-xorg xserver-xorg-legacy xinit xauth x11-xserver-utils libgl1 libgl1-mesa-dri libglx-mesa0
    libx11-6 libxcursor1 libxrandr2 libxinerama1 libxi6 libxxf86vm1 libxcb1 libxcb-randr0 libturbojpeg0 locales
    tegaki-zinnia-simplified-chinese mpv ffmpeg)
  # Ubuntu 24.04 renamed ALSA's library package (the 64-bit time_t move).
  if apt-cache show libasound2t64 >/dev/null 2>&1; then want+=(libasound2t64); else want+=(libasound2); fi
  missing=()
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# --- the user ------------------------------------------------------------
if [ "$staged" = 0 ]; then
  if ! id "$user" >/dev/null 2>&1; then
    echo "creating the system user $user (home $home)"
    # A login shell: getty logs it in on tty1 and its .profile starts X.
    # No password: it cannot log in anywhere else.
    useradd --system --user-group --home-dir "$home" --no-create-home --shell /bin/bash \
      --comment "qingfeng kiosk" "$user"
  fi
  # Sound, and the GPU for the kiosk's service (the X server gets its
  # devices through the console login).
  for g in audio video render; do
    if getent group "$g" >/dev/null; then usermod -a -G "$g" "$user"; fi
  done
fi

# --- files ---------------------------------------------------------------
# put MODE SRC DST: copies a file (replacing, never writing into, a file a
# running program may have open).
put() {
  install -D -m "$1" "$2" "$dest$3"
}
dir() { # dir MODE OWNER PATH
  install -d -m "$1" "$dest$3"
  [ "$staged" = 1 ] || chown "$2" "$dest$3"
}

# The programs go into a release folder named for their version; current
# links to it. The kiosk's user owns the releases folder: a software update
# is written there by the kiosk itself (its unit's ReadWritePaths). A
# release installed by hand ends any update on trial.
# The program's own word first (bin/ may be older than the tree make looks
# at); VERSION when it cannot run here (arm64 programs staged on amd64).
version=$("$bin_dir/qingfeng" version 2>/dev/null | awk '$1 == "qingfeng" {print $2}') || version=""
[ -n "$version" ] || version=${VERSION:-}
if ! printf '%s' "$version" | grep -Eq '^v?[0-9]+(\.[0-9]+){0,3}(-[0-9A-Za-z.]+){0,3}$'; then
  echo "install: the programs' version \"$version\" cannot name a release; installing as 0.0.0" >&2
  version=0.0.0
fi
releases=$prefix/releases
dir 0755 "$user:$user" "$releases"
rm -rf "$dest$releases/.partial-$version"
put 0755 "$bin_dir/qingfeng" "$releases/.partial-$version/qingfeng"
put 0755 "$bin_dir/qingfeng-exhibits" "$releases/.partial-$version/qingfeng-exhibits"
[ "$staged" = 1 ] || chown -R "$user:$user" "$dest$releases/.partial-$version"
rm -rf "$dest$releases/$version"
mv "$dest$releases/.partial-$version" "$dest$releases/$version"
ln -sfn "$version" "$dest$releases/.current-new"
mv -T "$dest$releases/.current-new" "$dest$releases/current"
rm -f "$dest$releases/trial.json" "$dest$releases/previous"
# Technicians run qingfeng with sudo: what /usr/local/bin leads to must be
# root's, never a file in the releases folder the kiosk's user can write.
# bin/ holds root's own copies (the start script falls back to them when no
# release is current).
install -d -m 0755 "$dest$prefix/bin"
[ "$staged" = 1 ] || chown root:root "$dest$prefix/bin"
for p in qingfeng qingfeng-exhibits; do
  rm -f "$dest$prefix/bin/$p" # a link left by an earlier install
  put 0755 "$bin_dir/$p" "$prefix/bin/$p"
  [ "$staged" = 1 ] || chown root:root "$dest$prefix/bin/$p"
done
put 0755 "$src/build/systemd/qingfeng-start" "$prefix/lib/qingfeng-start"
put 0755 "$src/build/xsession/xsession" "$prefix/lib/xsession"
put 0755 "$src/build/xsession/wait-x" "$prefix/lib/wait-x"
put 0755 "$src/build/usb/usb-mount" "$prefix/lib/usb-mount"
for d in deploy.md config.md fleet.md staff-guide.zh.md; do
  put 0644 "$src/docs/$d" "$prefix/doc/$d"
done
install -d -m 0755 "$dest/usr/local/bin"
ln -sfn "$prefix/bin/qingfeng" "$dest/usr/local/bin/qingfeng"

put 0644 "$src/build/systemd/qingfeng.service" /etc/systemd/system/qingfeng.service
put 0644 "$src/build/systemd/autologin.conf" /etc/systemd/system/getty@tty1.service.d/qingfeng-autologin.conf
put 0644 "$src/build/usb/99-qingfeng-usb.rules" /etc/udev/rules.d/99-qingfeng-usb.rules

# The config may hold the staff PIN's hash: readable by the kiosk, not by all.
dir 0750 "root:$user" /etc/qingfeng
if [ -e "$dest/etc/qingfeng/qingfeng.yaml" ]; then
  echo "keeping $dest/etc/qingfeng/qingfeng.yaml"
else
  put 0640 "$src/build/etc/qingfeng.yaml" /etc/qingfeng/qingfeng.yaml
  [ "$staged" = 1 ] || chown "root:$user" /etc/qingfeng/qingfeng.yaml
fi

dir 0750 "$user:$user" "$home"
dir 0750 "$user:$user" "$home/data"
# An update left on trial is ended above (trial.json): its outcome in the
# data folder would say "trying" for good. What this install did instead
# is the next heartbeat's version.
if grep -Eq '"outcome": *"trying"' "$dest$home/data/update.json" 2>/dev/null; then
  rm -f "$dest$home/data/update.json"
fi
put 0644 "$src/build/xsession/profile" "$home/.profile"
# The mount point of USB sticks belongs to root: with no stick in, the
# kiosk cannot write into it (an export says "U盘插好了吗？" instead of
# filling the system disk); a mounted stick belongs to the kiosk's user.
# A stick already mounted there (an update brought on one) is left alone:
# FAT and exFAT refuse chmod and chown, and this script stops on errors.
if ! mountpoint -q "$DESTDIR/media/usb" 2>/dev/null; then
  dir 0755 root:root /media/usb
fi

if [ "$staged" = 1 ]; then
  echo "staged; nothing enabled."
  exit 0
fi

# --- locale, services ----------------------------------------------------
# LANG=zh_CN.UTF-8 in the unit: make sure the C library knows the locale
# (Debian and Raspberry Pi OS generate what /etc/locale.gen lists, Ubuntu
# what locale-gen is given).
has_zh() { locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; }
if ! has_zh; then
  if [ -f /etc/locale.gen ]; then
    sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >>/etc/locale.gen
    locale-gen --keep-existing || true
  fi
  has_zh || locale-gen zh_CN.UTF-8 || true
  has_zh || echo "warning: the locale zh_CN.UTF-8 could not be generated" >&2
fi

# A desktop's display manager would take the screen (and display :0).
if systemctl is-enabled --quiet display-manager.service 2>/dev/null; then
  echo "warning: a display manager is enabled ($(readlink -f /etc/systemd/system/display-manager.service));" \
    "the kiosk needs the screen to itself: systemctl disable display-manager.service; systemctl set-default multi-user.target" >&2
fi

systemctl enable qingfeng.service getty@tty1.service
if [ -d /run/systemd/system ]; then # booted with systemd (not a container or chroot)
  systemctl daemon-reload
  udevadm control --reload || true
  if systemctl is-active --quiet qingfeng.service; then
    echo "restarting the kiosk on the new version"
    systemctl restart qingfeng.service
    exit 0
  fi
fi
echo "installed. Edit /etc/qingfeng/qingfeng.yaml (docs/deploy.md), then reboot: the kiosk starts on tty1."
