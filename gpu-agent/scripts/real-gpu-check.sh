#!/usr/bin/env bash
# Checks gpu-agent's assumptions on a host with a real NVIDIA driver (no JDK, Redis or Postgres needed there):
#   1. records nvidia-smi's answers to the agent's two queries (GpuProbe.QUERY, GpuSample.QUERY), idle and under
#      load, so the parsers are tested against real output (gpu-agent/src/test/resources/real-nvidia-smi/);
#   2. runs a CUDA program under exactly the environment a job gets from the agent (JobEnvironment: empty plus
#      PATH, LANG, HOME, TMPDIR, CUDA_VISIBLE_DEVICES) and shows which GPUs it can see for each allocation.
# Usage: real-gpu-check.sh [OUTPUT_DIR]   (python3 with torch is used for the CUDA program when present)
set -u
out=${1:-${OUT:-/tmp/real-gpu-check}}
mkdir -p "$out"
smi=${NVIDIA_SMI:-nvidia-smi}
probe="index,uuid,name,memory.total"
sample="index,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw"
fmt="--format=csv,noheader,nounits"
job_path=/usr/local/bin:/usr/bin:/bin   # JobEnvironment.DEFAULT_PATH
python=$(command -v python3 || true)

{
  echo "== driver"; $smi --query-gpu=driver_version,name --format=csv,noheader 2>&1
  echo "== python3 on the agent's PATH: ${python:-none}; on the job's default PATH:" \
       "$(env -i PATH=$job_path sh -c 'command -v python3' || echo none)"
} > "$out/summary.txt"

$smi --query-gpu=$probe $fmt > "$out/probe.csv" 2>&1; echo "probe exit $?" >> "$out/summary.txt"
$smi --query-gpu=$sample $fmt > "$out/sample-idle.csv" 2>&1; echo "idle sample exit $?" >> "$out/summary.txt"

job_env() { # the allowlisted environment of one job on the given GPUs
  local dir; dir=$(mktemp -d); mkdir -p "$dir/tmp"
  echo PATH=$(dirname "${python:-/usr/bin/python3}"):$job_path LANG=C.UTF-8 HOME=$dir TMPDIR=$dir/tmp CUDA_VISIBLE_DEVICES="$1"
}

if [ -n "$python" ]; then
  visible='import torch; print(torch.cuda.device_count(), [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())])'
  for gpus in 0 1 "" "0,1"; do
    printf 'CUDA_VISIBLE_DEVICES=%-4s sees: ' "'$gpus'" >> "$out/summary.txt"
    env -i $(job_env "$gpus") "$python" -c "$visible" >> "$out/summary.txt" 2>&1
  done
  printf 'job environment as the job sees it: ' >> "$out/summary.txt"
  env -i $(job_env 0) "$python" -c 'import os; print(sorted(os.environ))' >> "$out/summary.txt" 2>&1
  # a busy GPU for ~8 s, sampled while it runs
  env -i $(job_env 0) "$python" -c '
import time, torch
a = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
end = time.time() + 8
while time.time() < end:
    b = a @ a
torch.cuda.synchronize()
print("matmul loop done")' >> "$out/summary.txt" 2>&1 &
  job=$!
  sleep 4
  for i in 1 2 3; do $smi --query-gpu=$sample $fmt >> "$out/sample-busy.csv" 2>&1; sleep 1; done
  wait $job; echo "busy job exit $?" >> "$out/summary.txt"
fi
cat "$out/summary.txt"
