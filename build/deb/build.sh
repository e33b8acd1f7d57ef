#!/usr/bin/env bash
# Builds the Debian package of the kiosk: qingfeng_VERSION_ARCH.deb, from
# programs already built (make build, make cross-arm64). See docs/deploy.md,
# "The Debian package".
#
# usage: build/deb/build.sh BIN_DIR ARCH OUT_DIR
#   BIN_DIR  where qingfeng and qingfeng-exhibits are (bin, bin/arm64)
#   ARCH     amd64 or arm64 (Debian's name for the programs' machine)
#   OUT_DIR  the .deb is written here
# DEB_MAINTAINER (environment): who answers for the package, "Name <mail>";
# a district building its own sets its address (the default's .invalid
# domain says nobody does).
# VERSION (environment) is the programs' version (build/version.sh's);
# "-" becomes "+" in the package's version (1.0.0-12-gabc1234 ->
# 1.0.0+12+gabc1234), so dpkg orders them as the kiosk does.
#
# The files are laid out by build/install.sh (DESTDIR staging), then moved
# where a package keeps them: the unit, its getty drop-in and the udev rule
# under /lib (what an administrator puts in /etc overrides them), the
# command link in /usr/bin instead of /usr/local/bin. The releases folder,
# the kiosk user's home and its data are not in the package: the kiosk
# writes there (software updates, its database), so postinst makes them
# and dpkg never replaces or removes what the kiosk wrote.
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
bin_dir=${1:?usage: build.sh BIN_DIR ARCH OUT_DIR}
arch=${2:?usage: build.sh BIN_DIR ARCH OUT_DIR}
out=${3:?usage: build.sh BIN_DIR ARCH OUT_DIR}
version=${VERSION:-$("$src/build/version.sh")}
debversion=${version//-/+}
maintainer=${DEB_MAINTAINER:-qingfeng kiosk <kiosk@qingfeng.invalid>}
case "$arch" in amd64 | arm64) ;; *) echo "build.sh: unknown architecture $arch" >&2; exit 2 ;; esac
if ! printf '%s' "$debversion" | grep -Eq '^[0-9][0-9A-Za-z.+~]*$'; then
  echo "build.sh: \"$version\" cannot be a package's version" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
DESTDIR="$root" BIN_DIR="$bin_dir" VERSION="$version" "$src/build/install.sh" >/dev/null

# The releases folder, the home and /media/usb are made by postinst.
rm -rf "$root/opt/qingfeng/releases" "$root/var" "$root/media"
install -D -m 0644 "$src/build/xsession/profile" "$root/opt/qingfeng/lib/profile"
mkdir -p "$root/lib/systemd/system/getty@tty1.service.d" "$root/lib/udev/rules.d" "$root/usr/bin"
mv "$root/etc/systemd/system/qingfeng.service" "$root/lib/systemd/system/"
mv "$root/etc/systemd/system/getty@tty1.service.d/qingfeng-autologin.conf" "$root/lib/systemd/system/getty@tty1.service.d/"
mv "$root/etc/udev/rules.d/99-qingfeng-usb.rules" "$root/lib/udev/rules.d/"
rm -rf "$root/etc/systemd" "$root/etc/udev" "$root/usr/local"
ln -s /opt/qingfeng/bin/qingfeng "$root/usr/bin/qingfeng"

doc=$root/usr/share/doc/qingfeng
install -d -m 0755 "$doc" "$root/usr/share/lintian/overrides"
install -m 0644 "$src/build/deb/copyright" "$doc/copyright"
{
  printf 'qingfeng (%s) stable; urgency=medium\n\n' "$debversion"
  printf '  * Built from the source tree at version %s.\n\n' "$version"
  # The date of the commit, not of the build: the same tree gives the same package.
  when=$(git -C "$src" log -1 --format=%cD 2>/dev/null || true)
  printf ' -- %s  %s\n' "$maintainer" "${when:-$(date -R)}"
} | gzip -9n >"$doc/changelog.gz"
install -m 0644 "$src/build/deb/lintian-overrides" "$root/usr/share/lintian/overrides/qingfeng"

install -d -m 0755 "$root/DEBIAN"
for s in postinst prerm postrm; do
  sed "s/@VERSION@/$version/g" "$src/build/deb/$s" >"$root/DEBIAN/$s"
  chmod 0755 "$root/DEBIAN/$s"
done
# The starter config: dpkg keeps the one a district edited, and asks (or
# keeps it, with --force-confold) when a new version changes the starter.
echo /etc/qingfeng/qingfeng.yaml >"$root/DEBIAN/conffiles"
size=$(du -k -s --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$debversion/" -e "s|@MAINTAINER@|$maintainer|" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
  "$src/build/deb/control" >"$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb=$out/qingfeng_${debversion}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
