#!/usr/bin/env bash
# Makes sure a Docker engine answers, and that the offline image tools are present.
# Idempotent: does nothing when the engine already answers and the tools are installed. Run right after a dockerd
# was stopped, it waits (bounded) for that daemon to exit and removes its stale pid file and socket before starting.
# Installs Debian's docker.io, iptables and mmdebstrap with apt when missing, then starts
# dockerd with the project's address pool (198.18.0.0/16). Needs root and apt.
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
