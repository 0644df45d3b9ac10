#!/usr/bin/env bash
# A Slurm job array running one engram sweep in shards: task i of n computes
# the points p with p % n == i into its own directory. Submit with
#     sbatch --array=0-7 examples/slurm/sweep-array.sh MODEL OUTDIR
# then, when every task has finished,
#     engram merge OUTDIR/shard-*-of-8 -o OUTDIR/all
#SBATCH --job-name=engram-sweep
#SBATCH --cpus-per-task=4
#SBATCH --time=02:00:00
#SBATCH --output=engram-sweep-%A_%a.log
set -euo pipefail
model=${1:?usage: sbatch --array=0-N sweep-array.sh MODEL OUTDIR}
outdir=${2:?usage: sbatch --array=0-N sweep-array.sh MODEL OUTDIR}
engram=${ENGRAM:-engram}
n=${SLURM_ARRAY_TASK_COUNT:?run this as a job array (sbatch --array=0-N)}
i=${SLURM_ARRAY_TASK_ID:?}
# Task ids must run from 0 to n-1 (--array=0-N, no step).
[ "$i" -lt "$n" ] || { echo "task id $i is not below the task count $n: use --array=0-$((n - 1))" >&2; exit 2; }
# A task that is requeued or resubmitted resumes from its journal.
exec "$engram" sweep "$model" -o "$outdir/shard-$i-of-$n" --shard "$i/$n" -j "${SLURM_CPUS_PER_TASK:-1}" --quiet
