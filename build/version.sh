#!/bin/sh
# Prints the version make stamps into the programs: the number in the
# VERSION file, and after it, as git describe would after a tag, how many
# commits were made since that file last changed and the commit
# ("1.0.0-12-gabc1234", "-dirty" for uncommitted changes). Versions order
# (content/fleet.CompareVersions): raise VERSION for a release, or let the
# commits count. Without git: the number alone.
cd "$(dirname "$0")/.." || exit 1
base=$(tr -d ' \n' <VERSION)
since=$(git log -1 --format=%H -- VERSION 2>/dev/null) || since=""
if [ -z "$since" ]; then
  echo "$base"
  exit 0
fi
n=$(git rev-list --count "$since..HEAD")
dirty=""
git diff --quiet HEAD -- 2>/dev/null || dirty="-dirty"
if [ "$n" = 0 ] && [ -z "$dirty" ]; then
  echo "$base"
else
  echo "$base-$n-g$(git rev-parse --short=7 HEAD)$dirty"
fi
