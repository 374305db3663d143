#!/usr/bin/env bash
# Ensures a Docker engine answers on /var/run/docker.sock: installs Debian's
# docker.io when dockerd is missing and starts it in the background when it is
# not running. Idempotent: a running engine makes this a no-op in ~50 ms.
set -euo pipefail
log() { echo "[setup:docker] $*" >&2; }

# live-restore keeps containers running while dockerd is down, as on a
# developer's machine during a daemon upgrade; the reconnect tests rely on it.
ensure_live_restore() {
  mkdir -p /etc/docker
  if [ ! -s /etc/docker/daemon.json ]; then
    echo '{ "live-restore": true }' >/etc/docker/daemon.json
  elif ! grep -q '"live-restore"' /etc/docker/daemon.json; then
    log "note: /etc/docker/daemon.json exists without live-restore; leaving it as it is"
  fi
}

if docker info >/dev/null 2>&1; then
  if [ "$(docker info -f '{{.LiveRestoreEnabled}}' 2>/dev/null)" != true ] && [ "$(id -u)" = 0 ]; then
    ensure_live_restore
    pkill -HUP -x dockerd || true   # live-restore is a reloadable option
  fi
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  log "installing Debian's docker.io (dockerd is missing)"
  if [ "$(id -u)" != 0 ]; then log "FAILED: installing docker.io needs root"; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || { log "FAILED: apt-get update"; exit 1; }
  apt-get install -y -qq docker.io >/dev/null || { log "FAILED: apt-get install docker.io"; exit 1; }
fi

start_dockerd() {
  ensure_live_restore
  log "starting dockerd"
  mkdir -p /var/log
  nohup dockerd >/var/log/azureml-debug-dockerd.log 2>&1 &
}
# A daemon that was just told to stop may still be shutting down: wait for it
# to go, then start a new one, instead of waiting on the dying one.
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then log "engine ready"; exit 0; fi
  pgrep -x dockerd >/dev/null 2>&1 || start_dockerd
  sleep 0.5
done
log "FAILED: dockerd did not answer within 30 s; see /var/log/azureml-debug-dockerd.log"
tail -20 /var/log/azureml-debug-dockerd.log >&2 || true
exit 1
