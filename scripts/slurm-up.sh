#!/usr/bin/env bash
# Starts a one-node Slurm on this machine for reftbench's Slurm executor tests and for developers:
# installs Debian's slurm-wlm and munge when missing (apt-get), writes a slurm.conf (this host, 2
# CPUs, select/cons_tres, proctrack/linuxproc, task/none, no accounting) with its state, spool,
# logs and munge key under one temporary folder, and starts munged, slurmctld and slurmd as plain
# processes (no systemd). Prints the line to source: `export SLURM_CONF=…`; scripts/slurm-down.sh
# stops them. The folder is $REFTBENCH_SLURM_DIR (default ${TMPDIR:-/tmp}/reftbench-slurm-<uid>).
#   eval "$(bash scripts/slurm-up.sh)"   # then sbatch, squeue, reftbench run --executor slurm
set -euo pipefail

dir="${REFTBENCH_SLURM_DIR:-${TMPDIR:-/tmp}/reftbench-slurm-$(id -u)}"
cpus="${REFTBENCH_SLURM_CPUS:-2}"
log() { echo "slurm-up: $*" >&2; }

# Debian keeps the daemons in /usr/sbin, which a non-root PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

# 1. install what is missing
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v sbatch >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing slurm-wlm and munge (apt-get)"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends slurm-wlm munge >&2
fi

# 2. already up? (the controller answers)
if [ -f "$dir/slurm.conf" ] && SLURM_CONF="$dir/slurm.conf" timeout 10 scontrol ping 2>/dev/null | grep -q 'is UP'; then
  log "already running in $dir"
  echo "export SLURM_CONF=$dir/slurm.conf"
  exit 0
fi

mkdir -p "$dir"/{state,spool,log,munge}
chmod 700 "$dir/munge"
host="$(hostname -s)"
user="$(id -un)"

# 3. munge: its own key, socket and pid under $dir
[ -f "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key" >&2
chmod 600 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"

# 4. slurm.conf
cat > "$dir/slurm.conf" <<CONF
ClusterName=reftbench
SlurmctldHost=$host
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
SlurmctldPort=${REFTBENCH_SLURMCTLD_PORT:-6817}
SlurmdPort=${REFTBENCH_SLURMD_PORT:-6818}
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,sched_interval=1
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmdTimeout=300
InactiveLimit=0
KillWait=5
MinJobAge=600
MaxArraySize=100001
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
export SLURM_CONF="$dir/slurm.conf"

# 5. the daemons, as plain background processes (they write their pid files)
slurmctld -f "$SLURM_CONF" -c -i
slurmd -f "$SLURM_CONF" -c
for _ in $(seq 1 60); do
  if sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then
    log "up: $host with $cpus CPUs; state, spool and logs in $dir"
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
log "the node did not become idle in 30 s; see $dir/log/"
sinfo >&2 || true
exit 1
