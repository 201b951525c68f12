#!/usr/bin/env bash
# The collections of a running node for some seconds: pause, promoted bytes, mark times by root kind.
#
# Needs dotnet-trace (dotnet tool install -g dotnet-trace). Start a load with --node process, then:
#   loadtests/profile/gc-node.sh 15
# Take it after the warm-up; the trace itself costs the node little (GC events only).
set -euo pipefail
seconds=${1:-15}
pid=${2:-$(pgrep -f "ContactCenter.Api.dll" | head -1 || true)}
[ -n "$pid" ] || { echo "no ContactCenter.Api.dll process; pass its pid as the second argument" >&2; exit 1; }
out=${PROFILE_DIR:-$(mktemp -d)}
trace=${DOTNET_TRACE:-$(command -v dotnet-trace || echo "$HOME/.dotnet/tools/dotnet-trace")}
# GC keyword (0x1) at Verbose: start/end, per-heap history and mark times.
"$trace" collect -p "$pid" --providers "Microsoft-Windows-DotNETRuntime:0x1:5" \
  --duration "00:00:00:$(printf '%02d' "$seconds")" -o "$out/gc.nettrace" > /dev/null
dotnet run -c Release --project "$(dirname "$0")/gc-pauses" -- "$out/gc.nettrace"
