using System.Collections.Concurrent;
using System.Diagnostics;
using ContactCenter.Api.Protos;
using ContactCenter.Api.Security;
using ContactCenter.LoadTests.Nodes;
using Grpc.Core;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>An operator's status as a stream showed it; the reason only counts for Not ready.</summary>
public readonly record struct ShownStatus(OperatorStatus Status, NotReadyReason Reason)
{
    public static ShownStatus Of(OperatorState state) => Of(state.Status, state.Reason);

    public static ShownStatus Of(OperatorPresence presence) => Of(presence.Status, presence.Reason);

    public static ShownStatus Of(OperatorStatus status, NotReadyReason reason) =>
        new(status, status == OperatorStatus.NotReady ? reason : NotReadyReason.Unspecified);

    public override string ToString() => Status == OperatorStatus.NotReady ? $"{Status} ({Reason})" : Status.ToString();
}

/// <summary>
/// Supervisors of the slice's organisation watching its 1st-line queue, each with its own token on
/// its own <c>SupervisorService.Watch</c> stream, as a supervisor's board would. Each stream keeps the last status it showed per
/// operator; an observer hears of every operator in every message as it arrives.
/// </summary>
public sealed class SupervisorFleet(NodeClients node, DirectorySlice slice, int supervisors)
{
    private const int MaxSampleFailures = 5;

    private readonly ConcurrentQueue<string> _failures = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _readers = [];
    private readonly ConcurrentDictionary<string, ShownStatus>[] _shown =
        [.. Enumerable.Range(0, supervisors).Select(_ => new ConcurrentDictionary<string, ShownStatus>(StringComparer.Ordinal))];

    private long _messages;
    private long _streamFailures;

    public int Count => supervisors;

    public long Messages => Interlocked.Read(ref _messages);

    public long StreamFailures => Interlocked.Read(ref _streamFailures);

    /// <summary>The first few stream failures, for the report.</summary>
    public IEnumerable<string> SampleFailures => _failures;

    /// <summary>Told of each operator in each snapshot or change message: the stream's number, the operator, what it shows, the <see cref="Stopwatch"/> timestamp of arrival.</summary>
    public Action<int, string, ShownStatus, long>? Observer { get; init; }

    /// <summary>What stream <paramref name="supervisor"/> last showed for the operator; null if it never showed it.</summary>
    public ShownStatus? Shown(int supervisor, string operatorId) =>
        _shown[supervisor].TryGetValue(operatorId, out var shown) ? shown : null;

    /// <summary>Opens every stream and waits for each one's snapshot.</summary>
    public async Task StartAsync(CancellationToken cancellation)
    {
        var opened = new ConcurrentBag<Task>();
        await Parallel.ForEachAsync(Enumerable.Range(0, supervisors), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation }, async (k, token) =>
        {
            // Each stream is its own supervisor of the slice's organisation, as the access rules see one.
            var supervisor = new SupervisorService.SupervisorServiceClient(node.As(Caller.SupervisorOf(DirectorySlice.Organisation, $"lt-{slice.RunId}-sup{k:D2}")));
            var stream = supervisor.Watch(new WatchRequest { QueueId = slice.QueueId }, cancellationToken: _stop.Token);
            if (!await stream.ResponseStream.MoveNext(token) || stream.ResponseStream.Current.Kind != SupervisorEventKind.Snapshot)
            {
                throw new InvalidOperationException($"supervisor stream {k} did not start with a snapshot");
            }

            Apply(k, stream.ResponseStream.Current, Stopwatch.GetTimestamp());
            opened.Add(ReadAsync(k, stream));
        });
        _readers.AddRange(opened);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_readers);
    }

    private async Task ReadAsync(int supervisor, AsyncServerStreamingCall<SupervisorEvent> stream)
    {
        using (stream)
        {
            try
            {
                await foreach (var message in stream.ResponseStream.ReadAllAsync(_stop.Token))
                {
                    Apply(supervisor, message, Stopwatch.GetTimestamp());
                }
            }
            catch (Exception ex) when (_stop.IsCancellationRequested && ex is OperationCanceledException or RpcException)
            {
                // Closed by StopAsync: with hundreds of streams on a connection, cancelling one
                // sometimes surfaces as UNAVAILABLE ("the request was aborted") instead of CANCELLED.
            }
            catch (RpcException ex)
            {
                if (Interlocked.Increment(ref _streamFailures) <= MaxSampleFailures)
                {
                    _failures.Enqueue($"supervisor stream {supervisor}: {ex.StatusCode} {ex.Status.Detail}");
                }
            }
        }
    }

    private void Apply(int supervisor, SupervisorEvent message, long at)
    {
        Interlocked.Increment(ref _messages);
        foreach (var presence in message.Operators)
        {
            var shown = ShownStatus.Of(presence);
            _shown[supervisor][presence.OperatorId] = shown;
            Observer?.Invoke(supervisor, presence.OperatorId, shown, at);
        }
    }
}
