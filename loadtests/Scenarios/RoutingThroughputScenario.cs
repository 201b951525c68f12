using System.Diagnostics;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContactCenter.LoadTests.Scenarios;

public sealed record RoutingThroughputOptions(int Operators, int Waiting, IReadOnlyList<int> QueueCounts, TimeSpan Limit, int Desks)
{
    public static RoutingThroughputOptions From(Func<string, string?> option) => new(
        int.Parse(option("--operators") ?? "1000"),
        int.Parse(option("--waiting") ?? "10000"),
        [.. (option("--queues") ?? "1,8").Split(',').Select(int.Parse)],
        TimeSpan.FromSeconds(int.Parse(option("--seconds") ?? "60")),
        int.Parse(option("--desks") ?? "64"));
}

/// <summary>What one run measured.</summary>
public sealed record RoutingThroughputResult(
    int Queues, TimeSpan Seeding, int Offers, int Completed, int Refused, TimeSpan Elapsed, TimeSpan FirstWave)
{
    public double DecisionsPerSecond => Offers / Elapsed.TotalSeconds;
}

/// <summary>
/// Routing throughput end to end, inside one process: a silo configured by the Silo's own
/// AddContactCenter (in-memory storage, as the embedded node runs), 1 or 8 queues, operators signed in Not ready while the waiting
/// contacts are registered, then every operator made Available at once. A routing decision is an
/// offer made (an operator reserved and the contact offered); simulated desks accept and complete
/// each offer at once, so every completion frees the operator to pull the next contact.
/// </summary>
public static class RoutingThroughputScenario
{
    private const string Organisation = "lt-org";
    private static readonly Completion Done = new(["general"], "answered", null);

    public static async Task<int> RunAsync(RoutingThroughputOptions options, TextWriter output)
    {
        output.WriteLine($"routing-throughput: {options.Operators} operators (voice capacity 1, every region), {options.Waiting} waiting voice contacts, {options.Desks} desks answering, limit {options.Limit.TotalSeconds:0} s per run");
        var results = new List<RoutingThroughputResult>();
        foreach (var queues in options.QueueCounts)
        {
            var result = await RunOnceAsync(queues, options);
            results.Add(result);
            output.WriteLine($"  {queues} queue(s): seeded in {result.Seeding.TotalSeconds:0.0} s; {result.Offers} offers, {result.Completed} completed, {result.Refused} refused in {result.Elapsed.TotalSeconds:0.0} s; first {Math.Min(options.Operators, options.Waiting)} offers in {result.FirstWave.TotalSeconds:0.00} s");
        }

        output.WriteLine();
        output.WriteLine("| queues | operators | waiting | routing decisions/s | first wave (s) | completed | elapsed (s) |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine($"| {r.Queues} | {options.Operators} | {options.Waiting} | {r.DecisionsPerSecond:0} | {r.FirstWave.TotalSeconds:0.00} | {r.Completed} | {r.Elapsed.TotalSeconds:0.0} |");
        }

        return results.All(r => r.Completed > 0) ? 0 : 1;
    }

    private static async Task<RoutingThroughputResult> RunOnceAsync(int queueCount, RoutingThroughputOptions options)
    {
        using var host = InProcessSilo.Build("routing-throughput");
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var directory = Directory(queueCount, options.Operators);
            await grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).ReplaceAsync(directory);
            var operatorIds = directory.Operators.Select(o => o.Id).ToList();

            var seeding = Stopwatch.StartNew();
            await ForEachAsync(operatorIds, id => grains.GetGrain<IOperatorGrain>(id).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Meeting).AsTask());
            await ForEachAsync(Enumerable.Range(0, options.Waiting), i => RegisterAsync(grains, i));
            seeding.Stop();

            var desks = new DeskSimulator(grains, Math.Min(options.Operators, options.Waiting), options.Waiting);
            var observer = grains.CreateObjectReference<IDeskObserver>(desks);
            await ForEachAsync(operatorIds, id => grains.GetGrain<IOperatorGrain>(id).SubscribeAsync(observer).AsTask());

            using var limit = new CancellationTokenSource(options.Limit);
            var answering = desks.AnswerAsync(options.Desks, limit.Token);
            await ForEachAsync(operatorIds, id => grains.GetGrain<IOperatorGrain>(id).SetStatusAsync(OperatorStatus.Available, NotReadyReason.None).AsTask());
            try
            {
                await desks.AllCompleted.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                // The time limit came first: the figures cover what completed within it.
            }

            var elapsed = desks.Elapsed;
            await limit.CancelAsync();
            await answering;

            // Quiet the silo before it stops, so routing in flight does not fail loudly at shutdown.
            await ForEachAsync(operatorIds, async id =>
            {
                var desk = grains.GetGrain<IOperatorGrain>(id);
                await desk.UnsubscribeAsync(observer);
                await desk.SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Meeting);
            });
            grains.DeleteObjectReference<IDeskObserver>(observer);
            return new RoutingThroughputResult(queueCount, seeding.Elapsed, desks.Offers, desks.Completed, desks.Refused, elapsed, desks.FirstWave);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// One organisation; with 8 queues each takes one region, with 1 queue it takes all. Every
    /// operator serves every region, so with 8 queues a freed operator compares 8 heads.
    /// </summary>
    private static DirectorySnapshot Directory(int queueCount, int operatorCount)
    {
        var regions = Enumerable.Range(1, 8).Select(r => new Region($"LT-R{r}", $"Region {r}", "Europe/Moscow")).ToList();
        var queues = Enumerable.Range(0, queueCount).Select(q => new QueueDefinition(
            $"lt-q{q}", $"queue {q}", Organisation, Line.First, [Channel.Voice], new Dictionary<string, int> { ["general"] = 1 },
            queueCount == 1 ? [] : [.. regions.Where((_, r) => r % queueCount == q).Select(r => r.Id)],
            ["ru"], 1, TimeSpan.FromMinutes(5), TimeSpan.FromHours(2))).ToList();
        var operators = Enumerable.Range(0, operatorCount).Select(i => new OperatorProfile(
            $"lt-op{i:D5}", $"Operator {i}", $"{1000 + i}", Organisation, [Line.First], [], new Dictionary<string, int> { ["general"] = 3 }, ["ru"],
            new Dictionary<Channel, int> { [Channel.Voice] = 1 })).ToList();
        return new DirectorySnapshot(0, [new Organisation(Organisation, "Load test")], regions, [new Topic("general", "General", Organisation)], queues, operators, null);
    }

    private static async Task RegisterAsync(IGrainFactory grains, int i)
    {
        var view = await grains.GetGrain<IInteractionGrain>($"lt-i{i:D6}").RegisterAsync(new Registration(
            Channel.Voice, $"+7901{i:D7}", $"LT-R{i % 8 + 1}", "ru", null, Organisation, [], TimeSpan.Zero));
        if (view.State != InteractionState.Queued)
        {
            throw new InvalidOperationException($"contact {view.Id} was not queued: {view.State} {view.UnansweredReason}");
        }
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (item, _) => await action(item));

    /// <summary>
    /// Desks that accept and complete every offer as soon as it arrives, counting offers (routing
    /// decisions) and completions. Receives desk events the way an Api host does: one observer.
    /// </summary>
    private sealed class DeskSimulator(IGrainFactory grains, int firstWave, int target) : IDeskObserver
    {
        private const int MaxAcceptAttempts = 1000;
        private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(1);

        private readonly System.Threading.Channels.Channel<PendingOffer> _offers = System.Threading.Channels.Channel.CreateUnbounded<PendingOffer>();
        private readonly TaskCompletionSource _allCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Stopwatch _clock = new();
        private int _offerCount;
        private int _completed;
        private int _refused;
        private long _firstWaveTicks;
        private long _lastCompletionTicks;

        public Task AllCompleted => _allCompleted.Task;

        public int Offers => Volatile.Read(ref _offerCount);

        public int Completed => Volatile.Read(ref _completed);

        public int Refused => Volatile.Read(ref _refused);

        public TimeSpan FirstWave => TimeSpan.FromTicks(Interlocked.Read(ref _firstWaveTicks));

        /// <summary>Until the last completion, or until the time limit when not everything completed.</summary>
        public TimeSpan Elapsed => Completed >= target ? TimeSpan.FromTicks(Interlocked.Read(ref _lastCompletionTicks)) : _clock.Elapsed;

        public Task OnDeskEventAsync(string operatorId, DeskEvent deskEvent)
        {
            if (deskEvent.Kind == DeskEventKind.OfferMade && deskEvent.InteractionId is { } interactionId)
            {
                if (Interlocked.Increment(ref _offerCount) == firstWave)
                {
                    Interlocked.Exchange(ref _firstWaveTicks, _clock.Elapsed.Ticks);
                }

                _offers.Writer.TryWrite(new PendingOffer(operatorId, interactionId, 0));
            }

            return Task.CompletedTask;
        }

        public Task AnswerAsync(int desks, CancellationToken cancellation)
        {
            _clock.Start();
            return Task.WhenAll(Enumerable.Range(0, desks).Select(_ => Task.Run(() => DeskLoopAsync(cancellation), CancellationToken.None)));
        }

        private async Task DeskLoopAsync(CancellationToken cancellation)
        {
            try
            {
                await foreach (var offer in _offers.Reader.ReadAllAsync(cancellation))
                {
                    await AnswerAsync(offer, cancellation);
                }
            }
            catch (OperationCanceledException)
            {
                // The time limit ended the run.
            }
        }

        private async Task AnswerAsync(PendingOffer offer, CancellationToken cancellation)
        {
            var interaction = grains.GetGrain<IInteractionGrain>(offer.InteractionId);
            try
            {
                await interaction.AcceptAsync(offer.OperatorId);
            }
            catch (ContactCenterException)
            {
                // A queue's offer reaches the desk as soon as the operator is reserved, a moment
                // before the interaction records it: look again shortly, behind the other offers.
                var view = await interaction.GetAsync();
                var stillComing = view.State == InteractionState.Queued || (view.State == InteractionState.Offered && view.OperatorId == offer.OperatorId);
                if (stillComing && offer.Attempts < MaxAcceptAttempts)
                {
                    await Task.Delay(RetryAfter, cancellation);
                    _offers.Writer.TryWrite(offer with { Attempts = offer.Attempts + 1 });
                }
                else
                {
                    Interlocked.Increment(ref _refused);
                }

                return;
            }

            await interaction.CompleteAsync(offer.OperatorId, Done);
            if (Interlocked.Increment(ref _completed) == target)
            {
                Interlocked.Exchange(ref _lastCompletionTicks, _clock.Elapsed.Ticks);
                _allCompleted.TrySetResult();
            }
        }

        private sealed record PendingOffer(string OperatorId, string InteractionId, int Attempts);
    }
}
