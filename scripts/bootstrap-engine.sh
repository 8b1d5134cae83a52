#!/usr/bin/env bash
# Makes sure a Docker engine answers, and that the offline image tools are present.
# 1. Installs what is missing with apt (root): docker.io when there is no dockerd (a `docker` client alone is not an
#    engine), iptables, mmdebstrap.
# 2. Writes /etc/docker/daemon.json with the project's address pool (198.18.0.0/16) when there is none; warns and
#    leaves it alone when one exists without that pool.
# 3. Starts dockerd unless an engine answers. Run right after a dockerd was stopped, it waits (bounded) for that
#    daemon to exit and removes its stale pid file and socket before starting.
# Idempotent: does nothing when the engine answers and the tools are installed.
# tests: scripts/bootstrap-engine.test.ts runs this in a bare Debian 12 container (no engine, no dockerd).
set -euo pipefail

log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] error: %s\n' "$*" >&2; exit 1; }

DAEMON_JSON=/etc/docker/daemon.json
DOCKERD_LOG=${SHIELDLAB_DOCKERD_LOG:-/var/log/shieldlab-dockerd.log}
WANT_PKGS=(docker.io iptables mmdebstrap)

engine_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; }

PIDFILE=/var/run/docker.pid
CONTAINERD_PIDFILE=/var/run/docker/containerd/containerd.pid
SOCKET=/var/run/docker.sock
if [[ ${DOCKER_HOST:-} == unix://* ]]; then SOCKET=${DOCKER_HOST#unix://}; fi
# how long an earlier dockerd may take to stop (it stops its containers first), and a new one to answer
STOP_WAIT=${SHIELDLAB_DOCKERD_STOP_WAIT:-120}
START_WAIT=${SHIELDLAB_DOCKERD_START_WAIT:-60}

# true when process $1 exists and has not exited; a zombie (exited, not yet reaped: common when a container's pid 1
# does not reap) holds no socket or lock and does not count
process_alive() {
  local state
  state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
  [[ -n $state && $state != Z && $state != X ]]
}

# true when process $1 is alive and named $2
running_named() {
  local comm
  read -r comm 2>/dev/null <"/proc/$1/comm" || return 1
  [[ $comm == "$2" ]] && process_alive "$1"
}

# pids of running processes named $1, one per line (from /proc: no procps needed)
pids_named() {
  local d
  for d in /proc/[0-9]*; do
    if running_named "${d#/proc/}" "$1"; then printf '%s\n' "${d#/proc/}"; fi
  done
}

# the pid in pid file $1 when that process runs and is named $2, else nothing
live_pid_in() {
  local pid
  [[ -s $1 ]] || return 0
  pid=$(tr -dc '0-9' <"$1")
  if [[ -n $pid ]] && running_named "$pid" "$2"; then printf '%s\n' "$pid"; fi
}

# every dockerd still running: the one in the pid file and any other (its pid file may already be gone), space-separated
old_dockerd_pids() {
  { pids_named dockerd; live_pid_in "$PIDFILE" dockerd; } | sort -un | tr '\n' ' ' | sed 's/ $//'
}

# An earlier dockerd that is still stopping (right after `kill` / `service docker stop`: it stops its containers
# first) holds the pid file, the socket and its databases' locks, and a dockerd started now fails or hangs. Wait,
# bounded, until it exits (or answers again); then remove the pid file and socket it left behind.
wait_for_old_daemon() {
  local start=$SECONDS next_note=$SECONDS pids containerd
  while pids=$(old_dockerd_pids) && [[ -n $pids ]]; do
    if engine_answers; then log "the running dockerd (pid $pids) answers again"; exit 0; fi
    if ((SECONDS >= next_note)); then
      log "an earlier dockerd (pid $pids) is still running without answering (stopping?); waited $((SECONDS - start)) of ${STOP_WAIT} s for it to exit"
      next_note=$((SECONDS + 15))
    fi
    if ((SECONDS - start >= STOP_WAIT)); then
      die "dockerd (pid $pids) neither exited nor answered within ${STOP_WAIT} s; stop it (kill $pids, kill -9 if it hangs) and run this again"
    fi
    sleep 1
  done
  # dockerd reuses a containerd it finds alive; one that is itself shutting down would break the new daemon
  while containerd=$(live_pid_in "$CONTAINERD_PIDFILE" containerd) && [[ -n $containerd ]]; do
    if ((SECONDS - start >= STOP_WAIT)); then
      log "warning: containerd (pid $containerd) still runs after ${STOP_WAIT} s; dockerd will try to reuse it"
      break
    fi
    if ((SECONDS >= next_note)); then log "waiting for the earlier containerd (pid $containerd) to exit"; next_note=$((SECONDS + 15)); fi
    sleep 1
  done
  if [[ -e $PIDFILE ]]; then log "removing stale $PIDFILE"; rm -f "$PIDFILE"; fi
  if [[ -S $SOCKET ]]; then log "removing stale socket $SOCKET"; rm -f "$SOCKET"; fi
  if ((SECONDS > start)); then log "the earlier daemon is gone after $((SECONDS - start)) s"; fi
  return 0
}

# the packages to install, one per line: docker.io whenever no dockerd is on the PATH (a `docker` client without its
# daemon is common, and a docker.io whose dockerd is gone is reinstalled), the others when dpkg does not have them
missing_pkgs() {
  local p
  for p in "${WANT_PKGS[@]}"; do
    if [[ $p == docker.io ]]; then
      command -v dockerd >/dev/null 2>&1 || printf '%s\n' "$p"
    elif ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      printf '%s\n' "$p"
    fi
  done
}

install_missing() {
  local missing
  mapfile -t missing < <(missing_pkgs)
  ((${#missing[@]} > 0)) || return 0
  [[ $(id -u) -eq 0 ]] || die "packages missing (${missing[*]}) and not running as root; run: sudo apt-get install -y ${missing[*]}"
  command -v apt-get >/dev/null 2>&1 || die "packages missing (${missing[*]}) and apt-get is not available; install them with your package manager"
  log "installing ${missing[*]} with apt (one-time, ~30-60 s)"
  export DEBIAN_FRONTEND=noninteractive
  local apt_log
  apt_log=$(mktemp /tmp/shieldlab-apt.XXXXXX.log)
  apt-get update -q >"$apt_log" 2>&1 || { tail -n 15 "$apt_log" >&2; die "apt-get update failed (log: $apt_log); check the machine's apt sources"; }
  local reinstall=()
  if dpkg-query -W -f='${Status}' docker.io 2>/dev/null | grep -q "install ok installed" && ! command -v dockerd >/dev/null 2>&1; then
    reinstall=(--reinstall)
  fi
  apt-get install -y -q --no-install-recommends "${reinstall[@]}" "${missing[@]}" >>"$apt_log" 2>&1 \
    || { tail -n 15 "$apt_log" >&2; die "apt-get install ${missing[*]} failed (log: $apt_log); run it by hand to see why"; }
  command -v dockerd >/dev/null 2>&1 || die "docker.io is installed but no dockerd is on the PATH ($PATH); add /usr/sbin or /usr/bin to PATH"
  rm -f "$apt_log"
  log "installed ${missing[*]}"
}

write_daemon_json() {
  mkdir -p "$(dirname "$DAEMON_JSON")"
  if [[ ! -s $DAEMON_JSON ]]; then
    printf '%s\n' '{"bip":"198.18.0.1/24","default-address-pools":[{"base":"198.18.0.0/16","size":24}]}' >"$DAEMON_JSON"
    log "wrote $DAEMON_JSON (address pool 198.18.0.0/16)"
  elif ! grep -q '198\.18\.0' "$DAEMON_JSON"; then
    log "warning: $DAEMON_JSON exists without the 198.18.0.0/16 address pool; leaving it as it is (networks get the engine's default subnets)"
  fi
}

install_missing
if engine_answers; then
  log "docker engine answers"
  exit 0
fi
[[ $(id -u) -eq 0 ]] || die "no Docker engine answers and dockerd can only be started as root; run this as root (sudo bash $0) or start dockerd yourself"
write_daemon_json
wait_for_old_daemon

# containerd is started by dockerd itself when it is not running
log "starting dockerd (log: $DOCKERD_LOG)"
nohup dockerd >"$DOCKERD_LOG" 2>&1 &
new_pid=$!
for _ in $(seq 1 "$START_WAIT"); do
  if engine_answers; then log "docker engine is up (dockerd pid $new_pid)"; exit 0; fi
  # a daemon that exited will never answer: say why now instead of after the whole wait
  if ! process_alive "$new_pid"; then
    tail -n 20 "$DOCKERD_LOG" >&2 || true
    die "dockerd exited during start-up; see $DOCKERD_LOG"
  fi
  sleep 1
done
tail -n 20 "$DOCKERD_LOG" >&2 || true
die "dockerd (pid $new_pid) did not answer within ${START_WAIT} s; see $DOCKERD_LOG"
