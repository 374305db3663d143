#!/usr/bin/env bash
# Makes the inference images every test and the demo run on, without any
# registry (see README, "The inference image"):
#  1. azureml-debug/rootfs:trixie, a Debian trixie root file system made with
#     debootstrap (the real server's Debian dependencies, runit, nginx) and
#     `docker import`ed;
#  2. the replica of Azure ML's minimal inference image, built FROM it with
#     the real azureml-inference-server-http copied in from ../shared/vendor
#     at build time, tagged with the real name
#     (mcr.microsoft.com/azureml/minimal-py312-inference:latest) and as
#     azureml-debug/inference-replica:<hash> and :latest;
#  3. azureml-debug/inference-replica:debugpy, the same with debugpy in its env.
# Each step is skipped when its tag exists (content-hashed), so a warm run
# takes well under a second. Where there is no vendored server, the real image
# is pulled instead; where neither works, it fails naming the missing piece.
set -euo pipefail
log() { echo "[setup:image] $*" >&2; }
here=$(cd "$(dirname "$0")/../.." && pwd)
recipe="$here/test/fixtures/images/azureml-inference"
debug_recipe="$here/test/fixtures/images/azureml-inference-debugpy"
rootfs_tag=azureml-debug/rootfs:trixie
real_tag=mcr.microsoft.com/azureml/minimal-py312-inference:latest
replica_repo=azureml-debug/inference-replica
debug_tag=$replica_repo:debugpy
# The vendored server sits beside the checkout (../shared/vendor); a clone
# made elsewhere on this workplace's machines finds it at /work/shared/vendor.
vendor=${AZUREML_DEBUG_VENDOR:-$(cd "$here/.." && pwd)/shared/vendor}
[ -d "$vendor" ] || [ -n "${AZUREML_DEBUG_VENDOR:-}" ] || [ ! -d /work/shared/vendor ] || vendor=/work/shared/vendor
packages="python3 python3-venv python3-flask python3-flask-cors python3-pydantic python3-pydantic-settings
  python3-werkzeug gunicorn python3-wrapt python3-dateutil python3-pytz python3-numpy runit nginx-light procps psmisc"

bash "$here/scripts/setup/docker.sh"

hash_of() { (cd "$1" && find -L . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12); }

ensure_rootfs() {
  docker image inspect "$rootfs_tag" >/dev/null 2>&1 && return 0
  export DEBIAN_FRONTEND=noninteractive
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null \
      || { log "FAILED: apt-get install debootstrap"; exit 1; }
  fi
  local sources=/etc/apt/sources.list.d/debian.sources mirror root
  mirror=$(awk '/^URIs:/ {print $2; exit}' "$sources" 2>/dev/null || true)
  [ -n "$mirror" ] || { log "FAILED: no URIs: line in $sources to take the Debian mirror from"; exit 1; }
  root=$(mktemp -d /var/tmp/azureml-debug-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  log "debootstrap trixie from $mirror (about a minute the first time)"
  debootstrap --variant=minbase --include=python3 trixie "$root" "$mirror" >/dev/null \
    || { log "FAILED: debootstrap trixie; see $root/debootstrap/debootstrap.log"; trap - EXIT; exit 1; }
  printf 'Types: deb\nURIs: %s\nSuites: trixie trixie-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" >"$root/etc/apt/sources.list.d/debian.sources"
  rm -f "$root/etc/apt/sources.list"
  chroot "$root" apt-get update -qq
  # shellcheck disable=SC2086
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null \
    || { log "FAILED: installing the server's Debian packages in the root file system"; exit 1; }
  chroot "$root" apt-get clean
  rm -rf "$root/var/lib/apt/lists/"*
  log "importing $rootfs_tag"
  tar -C "$root" -c . | docker import - "$rootfs_tag" >/dev/null
  rm -rf "$root"; trap - EXIT
}

tag_latest() { # tag $1 also as each of the rest, when not already
  local id; id=$(docker image inspect -f '{{.Id}}' "$1")
  for t in "${@:2}"; do
    [ "$(docker image inspect -f '{{.Id}}' "$t" 2>/dev/null)" = "$id" ] || docker tag "$1" "$t"
  done
}

build_replica() {
  [ -d "$vendor/azureml-inference-server-http/azureml_inference_server_http" ] || return 1
  local ctx hash
  ctx=$(mktemp -d /var/tmp/azureml-debug-image.XXXXXX)
  cp -r "$recipe/." "$ctx/"
  mkdir -p "$ctx/vendor"
  for pkg in azureml-inference-server-http/azureml_inference_server_http inference-schema/inference_schema telemetry-stub/opentelemetry telemetry-stub/azure; do
    [ -d "$vendor/$pkg" ] || { log "FAILED: $vendor/$pkg is missing"; rm -rf "$ctx"; exit 1; }
    cp -r "$vendor/$pkg" "$ctx/vendor/"
  done
  chmod -R u+w,a+rX "$ctx"
  hash=$(hash_of "$ctx")
  if ! docker image inspect "$replica_repo:$hash" >/dev/null 2>&1; then
    ensure_rootfs
    log "building the Azure ML inference image replica ($replica_repo:$hash)"
    DOCKER_BUILDKIT=0 docker build -q -t "$replica_repo:$hash" "$ctx" >/dev/null 2>"$ctx.log" \
      || { log "FAILED: docker build of $recipe"; tail -20 "$ctx.log" >&2; rm -rf "$ctx" "$ctx.log"; exit 1; }
  fi
  rm -rf "$ctx" "$ctx.log"
  tag_latest "$replica_repo:$hash" "$replica_repo:latest" "$real_tag"
  echo "$hash"
}

build_debug_variant() { # $1: the base image's id-ish key
  local debs ctx key
  # The same Debian python3-debugpy the extension carries (scripts/setup/debugpy.sh).
  debs=$(bash "$here/scripts/setup/debugpy.sh" --debs)
  key="$(docker image inspect -f '{{.Id}}' "$real_tag" | cut -c8-19)-$(cat "$debug_recipe/Dockerfile" "$debs"/python3-debugpy_*.deb | sha256sum | cut -c1-8)"
  if [ "$(docker image inspect -f '{{index .Config.Labels "com.azureml-debug.debug-key"}}' "$debug_tag" 2>/dev/null)" = "$key" ]; then return 0; fi
  ctx=$(mktemp -d /var/tmp/azureml-debug-image.XXXXXX)
  cp "$debug_recipe/Dockerfile" "$ctx/"; mkdir "$ctx/debs"; cp "$debs"/python3-debugpy_*.deb "$ctx/debs/"
  log "building $debug_tag"
  DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$real_tag" --label "com.azureml-debug.debug-key=$key" -t "$debug_tag" "$ctx" >/dev/null 2>"$ctx.log" \
    || { log "FAILED: docker build of $debug_recipe"; tail -20 "$ctx.log" >&2; rm -rf "$ctx" "$ctx.log"; exit 1; }
  rm -rf "$ctx" "$ctx.log"
}

if ! build_replica >/dev/null; then
  if docker image inspect "$real_tag" >/dev/null 2>&1; then
    log "using $real_tag as it is on this engine (no vendored server at $vendor to build the replica from)"
  else
    log "no vendored server at $vendor: pulling the real $real_tag instead"
    err=$(docker pull -q "$real_tag" 2>&1 >/dev/null) || {
      log "FAILED: cannot make the inference image. The replica needs the real azureml-inference-server-http"
      log "  at $vendor (or set AZUREML_DEBUG_VENDOR), and pulling $real_tag failed: $err"
      exit 1
    }
  fi
fi
build_debug_variant
