#!/usr/bin/env bash
# CPU profile of a running node with Linux perf, summarised by frame, thread and assembly.
#
# The node must have been started with its JIT map on and W^X off (the load tool passes its own
# environment to a --node process), e.g.:
#   DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
#     dotnet loadtests/bin/Release/net10.0/ContactCenter.LoadTests.dll inbound --copies 64 --talk 0 \
#     --operators 500 --duration 60 --warmup 30 --node process &
#   sleep 45; loadtests/profile/perf-node.sh 15
# Take the profile after the JIT has settled (tier-1 recompilation runs for 30-60 s under load).
set -euo pipefail
seconds=${1:-15}
pid=${2:-$(pgrep -f "ContactCenter.Api.dll" | head -1 || true)}
[ -n "$pid" ] || { echo "no ContactCenter.Api.dll process; pass its pid as the second argument" >&2; exit 1; }
out=${PROFILE_DIR:-$(mktemp -d)}
perf record -F 999 -g -p "$pid" -o "$out/perf.data" -- sleep "$seconds" > /dev/null 2>&1
perf script -i "$out/perf.data" -F comm,tid,ip,sym 2> /dev/null > "$out/perf.txt"
here=$(dirname "$0")
python3 "$here/fold.py" "$out/perf.txt" threads 12
python3 "$here/fold.py" "$out/perf.txt" assemblies 25
python3 "$here/fold.py" "$out/perf.txt" inclusive 60
echo "samples: $out/perf.txt (python3 $here/fold.py $out/perf.txt grep|callers <text> for more)"
