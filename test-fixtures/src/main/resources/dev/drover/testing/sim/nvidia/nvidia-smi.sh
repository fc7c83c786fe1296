#!/bin/sh
# A stand-in for nvidia-smi on hosts without an NVIDIA driver (tests, the demo).
#
# It answers the two queries the gpu-agent makes, in nvidia-smi's real CSV shape
# (--format=csv,noheader,nounits: one line per GPU, values separated by ", "):
#   --query-gpu=index,uuid,name,memory.total
#   --query-gpu=index,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw
# What it prints comes from state files beside this script, which FakeNvidiaSmi rewrites atomically:
#   gpus.csv     the GPU list          samples.csv  the current samples
#   failure      if present: print it and exit 9, as nvidia-smi does when it cannot reach the driver
# Every call is appended to calls.log so a test can see how often it was asked.

dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
echo "$*" >> "$dir/calls.log"

if [ -f "$dir/failure" ]; then
    cat "$dir/failure"
    exit 9
fi

query=""
format=""
for arg in "$@"; do
    case "$arg" in
        --query-gpu=*) query=${arg#--query-gpu=} ;;
        --format=*) format=${arg#--format=} ;;
        -L|--list-gpus) query="list" ;;
        -h|--help) echo "NVIDIA System Management Interface -- fake for tests"; exit 0 ;;
    esac
done

if [ "$query" = "list" ]; then
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        # index, uuid, name, memory -> "GPU 0: NAME (UUID: ...)"
        idx=$(echo "$line" | cut -d, -f1 | tr -d ' ')
        uuid=$(echo "$line" | cut -d, -f2 | sed 's/^ *//')
        name=$(echo "$line" | cut -d, -f3 | sed 's/^ *//')
        echo "GPU $idx: $name (UUID: $uuid)"
    done < "$dir/gpus.csv"
    exit 0
fi

if [ "$format" != "csv,noheader,nounits" ]; then
    echo "this fake nvidia-smi only supports --format=csv,noheader,nounits (got '$format')"
    exit 2
fi

case "$query" in
    index,uuid,name,memory.total) file="$dir/gpus.csv" ;;
    index,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw) file="$dir/samples.csv" ;;
    *) echo "Field \"$query\" is not a valid field to query."; exit 2 ;;
esac

if [ ! -s "$dir/gpus.csv" ]; then
    # nvidia-smi's own wording when the driver is loaded but sees no device
    echo "No devices were found"
    exit 6
fi
cat "$file"
