#!/usr/bin/env bash
# Builds qingfeng-office, the district office's program, for Linux
# (bin/qingfeng-office) and for 64-bit Windows with Debian's mingw-w64
# (bin/windows/qingfeng-office.exe; go-sqlite3 needs cgo, so a C cross
# compiler). usage: build/office.sh [test]
# With "test", builds the program's tests as a Windows test binary and runs
# them under Wine (wine64), in a throw-away Wine prefix.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin" GOFLAGS=-tags=sqlite_fts5 CGO_ENABLED=1
VERSION="${VERSION:-$(build/version.sh)}"
win_cc=x86_64-w64-mingw32-gcc
command -v "$win_cc" >/dev/null || { echo "$win_cc is missing: apt-get install gcc-mingw-w64-x86-64 (build/deps.sh test)" >&2; exit 1; }

if [ "${1:-}" != test ]; then
  go build -ldflags "-X main.version=$VERSION" -o bin/qingfeng-office ./app/qingfeng-office
  mkdir -p bin/windows
  GOOS=windows GOARCH=amd64 CC="$win_cc" go build -ldflags "-X main.version=$VERSION" -o bin/windows/qingfeng-office.exe ./app/qingfeng-office
  echo "bin/qingfeng-office, bin/windows/qingfeng-office.exe ($VERSION)"
  exit 0
fi

# Debian's wine64 package puts the loader outside PATH.
wine=$(command -v wine64 || true)
[ -n "$wine" ] || [ ! -x /usr/lib/wine/wine64 ] || wine=/usr/lib/wine/wine64
[ -n "$wine" ] || { echo "wine64 is missing: apt-get install wine64 (build/deps.sh test)" >&2; exit 1; }
wineserver=$(command -v wineserver || echo "$(dirname "$wine")/wineserver")
mkdir -p bin/windows
GOOS=windows GOARCH=amd64 CC="$win_cc" go test -c -o bin/windows/qingfeng-office.test.exe ./app/qingfeng-office
# The release test packs the kiosk's two Linux programs; no Linux Go build
# can be made under Wine, so two tiny stand-ins stamped with a version are
# built here (a relative path: the test runs in this folder under Wine).
progs=bin/windows/release-test
rm -rf "$progs" && mkdir -p "$progs"
src=$(mktemp -d)
for p in qingfeng qingfeng-exhibits; do
  printf 'package main\n\nvar version string\n\nfunc main() { println("%s", version) }\n' "$p" >"$src/$p.go"
  (cd "$src" && GOOS=linux GOARCH=amd64 CGO_ENABLED=0 GOFLAGS= go build -ldflags "-X main.version=1.6.0" -o "$OLDPWD/$progs/$p" "$p.go")
done
rm -rf "$src"
echo 1.6.0 >"$progs/version"
export QINGFENG_OFFICE_TEST_PROGRAMS="$progs"
prefix=$(mktemp -d)
trap 'WINEPREFIX="$prefix" "$wineserver" -k 2>/dev/null || true; rm -rf "$prefix"' EXIT
# No desktop, no Mono or Gecko prompts, no debug noise: only the tests' output.
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
# (Without wine32 it says it cannot open syswow64\rundll32.exe: harmless, all
# here is 64-bit.)
"$wine" wineboot --init
"$wineserver" -w
# Wine 8 (Debian 12) lacks bcryptprimitives.dll, which Go's runtime loads
# from system32 at start; a small stand-in goes into this prefix only.
if [ ! -e "$prefix/drive_c/windows/system32/bcryptprimitives.dll" ]; then
  "$win_cc" -shared -O2 -o "$prefix/drive_c/windows/system32/bcryptprimitives.dll" build/office-wine-prng.c -lbcrypt
fi
"$wine" bin/windows/qingfeng-office.test.exe -test.v -test.count=1
