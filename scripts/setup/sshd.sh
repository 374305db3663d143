#!/usr/bin/env bash
# Ensures an OpenSSH server can be run for the ssh:// Docker endpoint tests:
# Debian's openssh-server (sshd) and openssh-client (ssh-keygen). The tests
# start their own sshd on 127.0.0.1 with their own config and keys; nothing
# here starts one. Idempotent: both present makes this a no-op in a few ms.
set -euo pipefail
log() { echo "[setup:sshd] $*" >&2; }

missing=()
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then log "FAILED: installing ${missing[*]} needs root"; exit 1; fi
log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || { log "FAILED: apt-get update"; exit 1; }
# --no-install-recommends: no xauth, ncurses-term or ssh-import-id are needed.
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || { log "FAILED: apt-get install ${missing[*]}"; exit 1; }
# Where services may start, the package starts the system's sshd on port 22;
# the tests run their own on a free loopback port, so leave none running.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet ssh 2>/dev/null; then systemctl stop ssh || true; fi
log "installed ${missing[*]}"
