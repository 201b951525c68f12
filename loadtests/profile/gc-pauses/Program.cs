using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Analysis;
using Microsoft.Diagnostics.Tracing.Analysis.GC;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// One line per collection, in wall-clock time so pauses can be laid beside the load tool's slow
// calls, then a summary per generation. Mark times are the slowest heap's, by root kind: "older"
// is what older generations point to (the card table), usually the young collection's main cost.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: gc-pauses <trace.nettrace>");
    return 2;
}

var source = new EventPipeEventSource(args[0]);
source.NeedLoadedDotNetRuntimes();
var collections = new List<TraceGC>();
source.AddCallbackOnProcessStart(process => process.AddCallbackOnDotNetRuntimeLoad(runtime => runtime.GCEnd += (_, gc) => collections.Add(gc)));
source.Process();

var start = source.SessionStartTime.ToUniversalTime();
Console.WriteLine("| at (UTC) | # | gen | kind | pause ms | suspend ms | promoted MB | gen0 before MB | heaps | mark: stack | handles | older ms |");
Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var gc in collections)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {start.AddMilliseconds(gc.PauseStartRelativeMSec):HH:mm:ss.fff} | {gc.Number} | {gc.Generation} | {gc.Type} | {gc.PauseDurationMSec:F1} | {gc.SuspendDurationMSec:F1} | {gc.PromotedMB:F1} | {gc.GenSizeBeforeMB[(int)Gens.Gen0]:F0} | {gc.HeapCount} | {Mark(gc, MarkRootType.MarkStack)} | {Mark(gc, MarkRootType.MarkHandles)} | {Mark(gc, MarkRootType.MarkOlder)} |"));
}

Console.WriteLine();
Console.WriteLine("| gen | collections | mean pause ms | max pause ms | mean promoted MB |");
Console.WriteLine("|---:|---:|---:|---:|---:|");
foreach (var generation in collections.GroupBy(gc => gc.Generation).OrderBy(g => g.Key))
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {generation.Key} | {generation.Count()} | {generation.Average(gc => gc.PauseDurationMSec):F1} | {generation.Max(gc => gc.PauseDurationMSec):F1} | {generation.Average(gc => gc.PromotedMB):F1} |"));
}

return 0;

static string Mark(TraceGC gc, MarkRootType root) =>
    gc.PerHeapMarkTimes is { Count: > 0 } heaps
        ? heaps.Values.Max(heap => heap.MarkTimes[(int)root]).ToString("F1", CultureInfo.InvariantCulture)
        : "—";
