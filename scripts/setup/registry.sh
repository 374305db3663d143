#!/usr/bin/env bash
# Ensures a real container registry can be run for the image-pull tests:
# Debian's docker-registry (distribution 2.8) and htpasswd (apache2-utils) for
# its basic auth; and openssl, which makes the certificates of the Docker TLS
# endpoint test. Idempotent: all present makes this a no-op in a few ms.
set -euo pipefail
log() { echo "[setup:registry] $*" >&2; }

missing=()
command -v docker-registry >/dev/null 2>&1 || [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then log "FAILED: installing ${missing[*]} needs root"; exit 1; fi
log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || { log "FAILED: apt-get update"; exit 1; }
# --no-install-recommends: the registry package does not need its service wiring here.
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || { log "FAILED: apt-get install ${missing[*]}"; exit 1; }
# The package may start its own service on :5000; the tests run their own registries.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then systemctl stop docker-registry || true; fi
log "installed ${missing[*]}"
