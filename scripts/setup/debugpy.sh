#!/usr/bin/env bash
# The debugpy the extension carries for images that have none (Azure ML's
# minimal images have none): Debian trixie's python3-debugpy, fetched at build
# time from Debian's archive (a registry this project reaches; PyPI is not),
# never committed. Its `debugpy` package holds its own vendored pydevd, so it
# needs nothing else; its compiled speed-ups (CPython 3.13, x86_64) are only
# used where they match, pure Python runs everywhere else (3.8 and later).
#
#   scripts/setup/debugpy.sh            unpack into dist/python/ (the VSIX carries it)
#   scripts/setup/debugpy.sh --debs     print the folder holding the debugpy .deb (image.sh's :debugpy variant)
#
# The .deb is downloaded once into a cache with a private apt configuration
# (its own lists and state in the cache: the machine's apt is not touched, no
# root needed), and dist/python/ is remade only when the .deb changes.
#
# Debian repacks debugpy without its pydevd and builds the one it ships from
# its own pydevd source (the .deb's Built-Using), so debugpy's copyright file
# does not cover pydevd (EPL-1.0 and the pieces it carries): python3-pydevd is
# downloaded too, for its copyright file only, which the VSIX's third-party
# notices carry (scripts/notices.mjs).
set -euo pipefail
log() { echo "[setup:debugpy] $*" >&2; }
here=$(cd "$(dirname "$0")/../.." && pwd)
# The machine's own Debian mirror, as image.sh takes it.
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
if [ -n "${AZUREML_DEBUG_CACHE:-}" ]; then cache=$AZUREML_DEBUG_CACHE
elif mkdir -p /var/cache/azureml-debug 2>/dev/null && [ -w /var/cache/azureml-debug ]; then cache=/var/cache/azureml-debug
else cache=${XDG_CACHE_HOME:-$HOME/.cache}/azureml-debug
fi
debs=$cache/debugpy-debs
# Apart from $debs, whose python3-debugpy .deb image.sh unpacks into an image.
pydevd_debs=$cache/pydevd-debs
out=$here/dist/python

fetch() {
  ls "$debs"/python3-debugpy_*.deb "$pydevd_debs"/python3-pydevd_*.deb >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
    || { log "FAILED: apt-get and dpkg-deb are needed to fetch Debian's python3-debugpy (a Debian machine)"; exit 1; }
  local apt=$cache/apt
  rm -rf "$apt"; mkdir -p "$apt/etc" "$apt/lists/partial" "$apt/cache/archives/partial" "$debs" "$pydevd_debs"
  printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" >"$apt/etc/trixie.sources"
  : >"$apt/status"
  local opts=(-q -o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt/etc" -o "Dir::State::Lists=$apt/lists"
    -o "Dir::State::status=$apt/status" -o "Dir::Cache=$apt/cache" -o "APT::Architecture=amd64" -o "APT::Sandbox::User=$(id -un)"
    -o "Debug::NoLocking=1")
  log "downloading python3-debugpy (and python3-pydevd, for its copyright file) from Debian trixie ($mirror)"
  apt-get "${opts[@]}" update >/dev/null 2>"$apt/log" \
    || { log "FAILED: apt-get update for trixie at $mirror"; tail -5 "$apt/log" >&2; exit 1; }
  (cd "$debs" && apt-get "${opts[@]}" download python3-debugpy >/dev/null 2>>"$apt/log") \
    || { log "FAILED: downloading python3-debugpy"; tail -5 "$apt/log" >&2; exit 1; }
  (cd "$pydevd_debs" && apt-get "${opts[@]}" download python3-pydevd >/dev/null 2>>"$apt/log") \
    || { log "FAILED: downloading python3-pydevd"; tail -5 "$apt/log" >&2; exit 1; }
  rm -rf "$apt"
}

fetch
if [ "${1:-}" = --debs ]; then echo "$debs"; exit 0; fi

deb=$(ls "$debs"/python3-debugpy_*.deb | tail -1)
pydevd_deb=$(ls "$pydevd_debs"/python3-pydevd_*.deb | tail -1)
key=$(cat "$deb" "$pydevd_deb" | sha256sum | cut -c1-16)
[ "$(cat "$out/.key" 2>/dev/null)" = "$key" ] && exit 0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/azureml-debugpy.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/x"
dpkg-deb -x "$pydevd_deb" "$tmp/p"
rm -rf "$out"; mkdir -p "$out"
cp -r "$tmp/x/usr/lib/python3/dist-packages/debugpy" "$out/"
find "$out" -name __pycache__ -prune -exec rm -rf {} +
# The package's copyright file: debugpy's and pydevd's MIT (Expat) notices.
cp "$tmp/x/usr/share/doc/python3-debugpy/copyright" "$out/LICENSE.debugpy.txt"
# The pydevd inside debugpy: Debian's pydevd source, at the version Built-Using
# names; its copyright file comes from the archive's python3-pydevd.
cp "$tmp/p/usr/share/doc/python3-pydevd/copyright" "$out/LICENSE.pydevd.txt"
built_using=$(dpkg-deb -f "$deb" Built-Using | sed -n 's/.*pydevd (= \([^)]*\)).*/\1/p')
[ -n "$built_using" ] || { log "FAILED: $deb names no pydevd in Built-Using, so its pydevd's license is unknown"; exit 1; }
echo "$built_using" >"$out/VERSION.pydevd"
pydevd_version=$(dpkg-deb -f "$pydevd_deb" Version)
[ "$pydevd_version" = "$built_using" ] || log "note: debugpy was built with pydevd $built_using; the copyright file is python3-pydevd $pydevd_version's"
version=$(dpkg-deb -f "$deb" Version)
echo "$version" >"$out/VERSION"
echo "$key" >"$out/.key"
log "dist/python: debugpy $version ($(du -sh "$out" | cut -f1))"
