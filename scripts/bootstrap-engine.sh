#!/usr/bin/env bash
# Makes sure a Docker engine answers, and that the offline image tools are present.
# Idempotent: does nothing when the engine already answers and the tools are installed.
# Installs Debian's docker.io, iptables and mmdebstrap with apt when missing, then starts
# dockerd with the project's address pool (198.18.0.0/16). Needs root and apt.
set -euo pipefail

log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] error: %s\n' "$*" >&2; exit 1; }

DAEMON_JSON=/etc/docker/daemon.json
DOCKERD_LOG=${SHIELDLAB_DOCKERD_LOG:-/var/log/shieldlab-dockerd.log}
WANT_PKGS=(docker.io iptables mmdebstrap)

engine_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; }

missing_pkgs() {
  local p out=()
  for p in "${WANT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out+=("$p")
  done
  # dockerd may come from another install; only docker.io's daemon is what we start
  command -v dockerd >/dev/null 2>&1 || { [[ " ${out[*]} " == *" docker.io "* ]] || out+=(docker.io); }
  printf '%s\n' "${out[@]}"
}

mapfile -t MISSING < <(missing_pkgs | sed '/^$/d')
if ((${#MISSING[@]} > 0)); then
  [[ $(id -u) -eq 0 ]] || die "packages missing (${MISSING[*]}) and not running as root; run: sudo apt-get install -y ${MISSING[*]}"
  command -v apt-get >/dev/null 2>&1 || die "packages missing (${MISSING[*]}) and apt-get is not available; install them with your package manager"
  log "installing ${MISSING[*]} with apt (one-time, ~30 s)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || die "apt-get update failed; check the machine's apt sources"
  apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null \
    || die "apt-get install ${MISSING[*]} failed; run it by hand to see why"
fi

if engine_answers; then
  log "docker engine answers"
  exit 0
fi

[[ $(id -u) -eq 0 ]] || die "no Docker engine answers and dockerd can only be started as root; start it yourself (sudo dockerd &)"

mkdir -p /etc/docker
if [[ ! -s $DAEMON_JSON ]]; then
  cat >"$DAEMON_JSON" <<'JSON'
{"bip":"198.18.0.1/24","default-address-pools":[{"base":"198.18.0.0/16","size":24}]}
JSON
  log "wrote $DAEMON_JSON (address pool 198.18.0.0/16)"
elif ! grep -q '198.18.0' "$DAEMON_JSON"; then
  log "warning: $DAEMON_JSON exists without the 198.18.0.0/16 pool; leaving it as it is"
fi

# containerd is started by dockerd itself when it is not running
log "starting dockerd (log: $DOCKERD_LOG)"
nohup dockerd >"$DOCKERD_LOG" 2>&1 &
for _ in $(seq 1 60); do
  if engine_answers; then log "docker engine is up"; exit 0; fi
  sleep 1
done
tail -n 20 "$DOCKERD_LOG" >&2 || true
die "dockerd did not answer within 60 s; see $DOCKERD_LOG"
