using System.Collections.Concurrent;
using System.Diagnostics;
using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Nodes;
using Grpc.Core;

namespace ContactCenter.LoadTests.Scenarios;

/// <summary>An offer as a desk received it: to whom, and when (a <see cref="Stopwatch"/> timestamp).</summary>
public sealed record OfferSeen(string OperatorId, long At);

/// <summary>What the desks learned about one interaction, for the iteration that follows it.</summary>
public sealed class InteractionSignals
{
    public System.Threading.Channels.Channel<OfferSeen> Offers { get; } = System.Threading.Channels.Channel.CreateUnbounded<OfferSeen>();

    /// <summary>Completed with the <see cref="Stopwatch"/> timestamp at which the desk heard the conversation end.</summary>
    public TaskCompletionSource<long> WrapUpStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// The slice's operators at their desks: each signed in through DeskService with its own
/// <c>Subscribe</c> stream, as a desk client would. The streams tell iterations of offers and
/// wrap-ups, and every event's operator state is checked against the operator's capacity.
/// </summary>
public sealed class DeskFleet(NodeClients node, DirectorySlice slice)
{
    private const int MaxSampleViolations = 10;
    private const int MaxSampleFailures = 5;
    private static readonly TimeSpan SignInPatience = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, InteractionSignals> _signals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OperatorState> _lastStates = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _readers = [];
    private long _events;
    private long _capacityViolations;
    private long _streamFailures;

    public long Events => Interlocked.Read(ref _events);

    public long CapacityViolations => Interlocked.Read(ref _capacityViolations);

    public long StreamFailures => Interlocked.Read(ref _streamFailures);

    /// <summary>The first few stream failures, for the report.</summary>
    public IEnumerable<string> SampleFailures => _failures;

    public IEnumerable<string> SampleViolations => _violations;

    /// <summary>Told of every event on every desk stream, with the <see cref="Stopwatch"/> timestamp it arrived at, on the stream's reader.</summary>
    public Action<string, DeskEvent, long>? Observer { get; init; }

    /// <summary>The operator's state as its desk stream last showed it.</summary>
    public OperatorState? LastState(string operatorId) => _lastStates.GetValueOrDefault(operatorId);

    public InteractionSignals For(string interactionId) => _signals.GetOrAdd(interactionId, _ => new InteractionSignals());

    public void Forget(string interactionId) => _signals.TryRemove(interactionId, out _);

    /// <summary>
    /// Opens every desk stream, then signs each operator in Available. An operator reads its
    /// queues from the node's cached directory, so one that signs in before the slice reached
    /// the cache signs out and tries again.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellation)
    {
        var opened = new ConcurrentBag<Task>();
        await Parallel.ForEachAsync(slice.AllOperatorIds, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation }, async (operatorId, token) =>
        {
            var stream = node.Desk.Subscribe(new OperatorRequest { OperatorId = operatorId }, cancellationToken: _stop.Token);
            if (!await stream.ResponseStream.MoveNext(token) || stream.ResponseStream.Current.Kind != DeskEventKind.Snapshot)
            {
                throw new InvalidOperationException($"the desk stream of {operatorId} did not start with a snapshot");
            }

            _lastStates[operatorId] = stream.ResponseStream.Current.State;

            opened.Add(ReadAsync(operatorId, stream));
            await SignInAsync(operatorId, token);
        });
        _readers.AddRange(opened);
    }

    /// <summary>Signs everyone out and closes the streams.</summary>
    public async Task StopAsync()
    {
        await Parallel.ForEachAsync(slice.AllOperatorIds, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (operatorId, _) =>
        {
            try
            {
                await node.Desk.SignOutAsync(new OperatorRequest { OperatorId = operatorId });
            }
            catch (RpcException)
            {
                // Signing out is tidiness; the run's verdict does not depend on it.
            }
        });
        await _stop.CancelAsync();
        await Task.WhenAll(_readers);
    }

    private async Task SignInAsync(string operatorId, CancellationToken cancellation)
    {
        var patience = Stopwatch.StartNew();
        while (true)
        {
            var state = await node.Desk.SignInAsync(new SignInRequest { OperatorId = operatorId, InitialStatus = OperatorStatus.Available }, cancellationToken: cancellation);
            if (state.QueueIds.Contains(slice.QueueOf(operatorId)))
            {
                return;
            }

            if (patience.Elapsed > SignInPatience)
            {
                throw new InvalidOperationException($"{operatorId} signed in without queue {slice.QueueOf(operatorId)} for {SignInPatience.TotalSeconds:0} s: the node's directory never showed the slice");
            }

            await node.Desk.SignOutAsync(new OperatorRequest { OperatorId = operatorId }, cancellationToken: cancellation);
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellation);
        }
    }

    private async Task ReadAsync(string operatorId, AsyncServerStreamingCall<DeskEvent> stream)
    {
        using (stream)
        {
            try
            {
                await foreach (var deskEvent in stream.ResponseStream.ReadAllAsync(_stop.Token))
                {
                    var at = Stopwatch.GetTimestamp();
                    Interlocked.Increment(ref _events);
                    _lastStates[operatorId] = deskEvent.State;
                    Observer?.Invoke(operatorId, deskEvent, at);
                    if (CapacityCheck.Violation(deskEvent.State, slice.CapacityByChannel) is { } violation)
                    {
                        if (Interlocked.Increment(ref _capacityViolations) <= MaxSampleViolations)
                        {
                            _violations.Enqueue(violation);
                        }
                    }

                    switch (deskEvent.Kind)
                    {
                        case DeskEventKind.OfferMade:
                            For(deskEvent.InteractionId).Offers.Writer.TryWrite(new OfferSeen(operatorId, at));
                            break;
                        case DeskEventKind.WrapUpStarted when _signals.TryGetValue(deskEvent.InteractionId, out var signals):
                            signals.WrapUpStarted.TrySetResult(at);
                            break;
                    }
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
                    _failures.Enqueue($"desk stream of {operatorId}: {ex.StatusCode} {ex.Status.Detail}");
                }
            }
        }
    }
}
