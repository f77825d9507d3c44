#!/usr/bin/env bash
# Stops the one-node Slurm that scripts/slurm-up.sh started (same $REFTBENCH_SLURM_DIR): cancels
# what is still queued, stops slurmd, slurmctld and munged by the pid files they wrote, and removes
# the folder (state, spool, logs, munge key). Leaves the installed packages in place.
set -uo pipefail

dir="${REFTBENCH_SLURM_DIR:-${TMPDIR:-/tmp}/reftbench-slurm-$(id -u)}"
export PATH="$PATH:/usr/sbin:/sbin"
[ -d "$dir" ] || { echo "slurm-down: nothing started in $dir" >&2; exit 0; }
if [ -f "$dir/slurm.conf" ]; then
  SLURM_CONF="$dir/slurm.conf" timeout 10 scancel --user="$(id -un)" 2>/dev/null || true
fi
stop() { # pid file
  [ -f "$1" ] || return 0
  local pid
  pid="$(cat "$1")"
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
}
stop "$dir/slurmd.pid"
stop "$dir/slurmctld.pid"
stop "$dir/munge/munged.pid"
rm -rf "$dir"
echo "slurm-down: stopped; removed $dir" >&2
