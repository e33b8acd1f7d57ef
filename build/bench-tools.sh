# Sourced by the benchmark scripts: bench_tools PACKAGE... installs the
# Debian packages that are missing (as root, or through sudo), builds both
# programs, and compiles the screen watcher (build/bench-shell-watch.c) to
# $WATCH in $OUT.
bench_tools() {
  local missing=() p sudo=""
  for p in "$@" gcc libx11-dev libxext-dev libxtst-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  make --no-print-directory build
  WATCH="$OUT/watch"
  gcc -O2 -Wall -o "$WATCH" build/bench-shell-watch.c -lX11 -lXext -lXtst
}
