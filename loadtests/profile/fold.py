"""Summarises `perf script -F comm,tid,ip,sym` output of a .NET process.

fold.py FILE threads|assemblies|inclusive [N]   shares of all samples
fold.py FILE grep TEXT                          inclusive share of every frame containing TEXT
fold.py FILE callers TEXT [N]                   who calls, and what is called by, the first frame containing TEXT
"""
import collections
import re
import sys

TIER = re.compile(r"\[(OptimizedTier1OSR|OptimizedTier1|Optimized|Tier0|Tier1|QuickJitted|PreJIT|InstrumentedTier\w*)\]")
ASSEMBLY = re.compile(r"\[([A-Za-z0-9_.]+)\]")


def samples(path):
    thread, stack = None, []
    for line in open(path, errors="replace"):
        if not line.strip():
            if stack:
                yield thread, stack
            thread, stack = None, []
        elif not line[0].isspace():
            thread = line.split("  ")[0].strip()
        else:
            parts = line.strip().split(" ", 1)
            frame = TIER.sub("", parts[1]).replace("instance ", "").strip() if len(parts) > 1 else "?"
            stack.append("?" if frame.startswith("[unknown]") or frame.startswith("0x") else frame)
    if stack:
        yield thread, stack


def assembly_of(frame):
    match = ASSEMBLY.search(frame)
    return match.group(1) if match else ("?" if frame == "?" else "native: " + frame.split("(")[0][:50])


def main():
    path, mode = sys.argv[1], sys.argv[2]
    text = sys.argv[3] if mode in ("grep", "callers") else None
    limit = int(sys.argv[4] if text is not None and len(sys.argv) > 4 else sys.argv[3] if text is None and len(sys.argv) > 3 else 40)
    counts, callers, callees, total = collections.Counter(), collections.Counter(), collections.Counter(), 0
    for thread, stack in samples(path):
        total += 1
        if mode == "threads":
            counts[re.sub(r"\s+\d+$", "", thread or "?")] += 1
        elif mode == "assemblies":
            counts[assembly_of(stack[0])] += 1
        elif mode in ("inclusive", "grep"):
            for frame in set(stack):
                if text is None or text in frame:
                    counts[frame] += 1
        elif mode == "callers":
            for i, frame in enumerate(stack):
                if text in frame:
                    if i + 1 < len(stack):
                        callers[stack[i + 1]] += 1
                    if i > 0:
                        callees[stack[i - 1]] += 1
                    break
    if total == 0:
        sys.exit("no samples")

    def show(title, counter):
        print(f"== {title} ({total} samples)")
        for frame, n in counter.most_common(limit):
            print(f"{100 * n / total:6.2f}%  {frame[:200]}")

    if mode == "callers":
        show(f"callers of {text}", callers)
        show(f"called by {text}", callees)
    else:
        show(mode, counts)


if __name__ == "__main__":
    main()
