#!/usr/bin/env bash
# Builds the sample inference image without any registry:
#  1. azureml-debug/rootfs:bookworm, a Debian root file system made with
#     debootstrap (python3, debugpy, flask, gunicorn) and `docker import`ed;
#  2. azureml-debug/inference:<hash of the recipe>, tagged :latest too, built
#     FROM it with the server files of test/fixtures/images/inference.
# Each step is skipped when its tag exists, so a warm run takes ~100 ms.
set -euo pipefail
log() { echo "[setup:image] $*" >&2; }
here=$(cd "$(dirname "$0")/../.." && pwd)
recipe="$here/test/fixtures/images/inference"
rootfs_tag=azureml-debug/rootfs:bookworm
image_repo=azureml-debug/inference

bash "$here/scripts/setup/docker.sh"

if ! docker image inspect "$rootfs_tag" >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null \
      || { log "FAILED: apt-get install debootstrap"; exit 1; }
  fi
  sources=/etc/apt/sources.list.d/debian.sources
  mirror=$(awk '/^URIs:/ {print $2; exit}' "$sources" 2>/dev/null || true)
  [ -n "$mirror" ] || { log "FAILED: no URIs: line in $sources to take the Debian mirror from"; exit 1; }
  root=$(mktemp -d /var/tmp/azureml-debug-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  log "debootstrap bookworm from $mirror (about 100 s the first time)"
  debootstrap --variant=minbase --include=python3 bookworm "$root" "$mirror" >/dev/null \
    || { log "FAILED: debootstrap; see $root/debootstrap/debootstrap.log"; trap - EXIT; exit 1; }
  cp "$sources" "$root/etc/apt/sources.list.d/"
  rm -f "$root/etc/apt/sources.list"
  chroot "$root" apt-get update -qq
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3-debugpy python3-flask gunicorn procps >/dev/null \
    || { log "FAILED: installing python3-debugpy python3-flask gunicorn in the root file system"; exit 1; }
  chroot "$root" apt-get clean
  rm -rf "$root/var/lib/apt/lists/"*
  log "importing $rootfs_tag"
  tar -C "$root" -c . | docker import - "$rootfs_tag" >/dev/null
  rm -rf "$root"; trap - EXIT
fi

hash=$(cd "$recipe" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
if ! docker image inspect "$image_repo:$hash" >/dev/null 2>&1; then
  log "building $image_repo:$hash"
  DOCKER_BUILDKIT=0 docker build -q -t "$image_repo:$hash" -t "$image_repo:latest" "$recipe" >/dev/null \
    || { log "FAILED: docker build of $recipe"; exit 1; }
elif [ "$(docker image inspect -f '{{.Id}}' "$image_repo:latest" 2>/dev/null)" != "$(docker image inspect -f '{{.Id}}' "$image_repo:$hash")" ]; then
  docker tag "$image_repo:$hash" "$image_repo:latest"
fi
