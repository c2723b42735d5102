#!/usr/bin/env bash
# Start (or stop) a single-node Slurm cluster for tests, all state under one directory
# (docs/cluster.md; used by tests/slurm_cluster.rs).
#   scripts/slurm-local.sh start DIR   → prints `export SLURM_CONF=DIR/slurm.conf`
#   scripts/slurm-local.sh stop DIR    → stops the daemons it started (by the PIDs in DIR)
# Needs root and Debian's slurm-wlm and munge packages (.ci/run installs them). munged runs
# with a key and socket of its own (--force), slurmctld/slurmd as root with
# proctrack/linuxproc and task/none, ports 16817/16818 (override with SLURM_LOCAL_PORT_BASE).
set -euo pipefail
cmd=${1:?usage: slurm-local.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: slurm-local.sh start|stop DIR}")
case "$cmd" in
start)
    mkdir -p "$dir"/{spool,state,log,munge}
    host=$(hostname -s)
    base=${SLURM_LOCAL_PORT_BASE:-16817}
    ctld_port=$base
    slurmd_port=$((base + 1))
    cpus=$(nproc)
    mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
    # munge: a key of our own, its socket in the state directory.
    if [ ! -f "$dir/munge/munge.key" ]; then
        dd if=/dev/urandom bs=1 count=1024 of="$dir/munge/munge.key" status=none
        chmod 0400 "$dir/munge/munge.key"
    fi
    munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
        --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/seed"
    cat > "$dir/slurm.conf" <<CONF
ClusterName=relucert-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MaxArraySize=10001
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
    export SLURM_CONF="$dir/slurm.conf"
    slurmctld -f "$SLURM_CONF"
    slurmd -f "$SLURM_CONF"
    for _ in $(seq 1 60); do
        if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
            echo "export SLURM_CONF=$SLURM_CONF"
            exit 0
        fi
        sleep 1
    done
    echo "slurm-local: the node did not become idle; see $dir/log" >&2
    exit 1
    ;;
stop)
    # Kill by the PIDs this script's daemons wrote, then wait until they are gone.
    pids=()
    for f in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
        if [ -f "$f" ]; then
            pid=$(cat "$f")
            if kill "$pid" 2>/dev/null; then pids+=("$pid"); fi
        fi
    done
    for _ in $(seq 1 50); do
        alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.2
    done
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    ;;
*) echo "usage: slurm-local.sh start|stop DIR" >&2; exit 2 ;;
esac
