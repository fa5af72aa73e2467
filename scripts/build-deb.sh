#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/build-deb.sh [OUTDIR] - build the Debian package from a copy of
# the tracked files (dpkg-buildpackage -us -uc -b writes beside the source
# tree, so never in this one), put carex_*.deb in OUTDIR (default out/deb)
# and run lintian on it. Tests are skipped (DEB_BUILD_OPTIONS=nocheck,
# make check runs them in CI); DEB_BUILD_OPTIONS= runs them too.
# Needs: apt-get install build-essential devscripts debhelper lintian and
# the Build-Depends of debian/control (dpkg-checkbuilddeps names them).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/out/deb}
ver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
work=$(mktemp -d "${TMPDIR:-/tmp}/carex-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
src=$work/carex-$ver
mkdir -p "$src"
( cd "$top" && git ls-files -z | tar --null -T - -cf - ) | tar -xf - -C "$src"
cd "$src"
dpkg-checkbuilddeps
DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS-nocheck} dpkg-buildpackage -us -uc -b > "$work/build.log" 2>&1 ||
	{ tail -n 40 "$work/build.log" >&2; exit 1; }
mkdir -p "$out"
cp "$work"/carex_"$ver"_*.deb "$work"/carex_"$ver"_*.changes "$work"/carex_"$ver"_*.buildinfo "$out/"
deb=$(ls "$out"/carex_"$ver"_*.deb)
echo "built $deb"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Depends\|Installed-Size\):/  &/p'
# lintian: E errors fail the build; W warnings and I notes are reported.
lintian --info --display-level '>=info' "$deb" | tee "$out/lintian.txt" || true
echo "lintian: $(grep -c '^E:' "$out/lintian.txt") errors, $(grep -c '^W:' "$out/lintian.txt") warnings, $(grep -c '^I:' "$out/lintian.txt") notes"
! grep -q '^E:' "$out/lintian.txt"
