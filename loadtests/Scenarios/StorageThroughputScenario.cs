using System.Collections.Concurrent;
using System.Diagnostics;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Silo.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ContactCenter.LoadTests.Scenarios;

public sealed record StorageThroughputOptions(IReadOnlyList<string> Storages, string ConnectionString, TimeSpan PhaseLength, int Workers)
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5433;Database=contactcenter;Username=contactcenter;Password=contactcenter";

    public static StorageThroughputOptions From(Func<string, string?> option) => new(
        [.. (option("--storage") ?? "memory,postgres").Split(',')],
        option("--pg") ?? Environment.GetEnvironmentVariable("ConnectionStrings__ContactCenter") ?? DefaultConnectionString,
        TimeSpan.FromSeconds(int.Parse(option("--seconds") ?? "20")),
        int.Parse(option("--workers") ?? "32"));
}

/// <summary>One storage's figures: state writes and whole interaction lifecycles per second.</summary>
public sealed record StorageThroughputResult(string Storage, Rate Writes, Rate Lifecycles);

public sealed record Rate(int Count, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;
}

/// <summary>
/// The cost of durable state: one silo in this process, configured as production silos are,
/// once with in-memory storage and once on PostgreSQL, measured two ways for a fixed time each.
/// Writes: operator status changes (each is one grain-state write plus a presence note to the
/// operator's queue). Lifecycles: a gateway registers a call, it is queued and offered, the
/// operator accepts and completes it — about ten state writes across interaction, queue,
/// operator, citizen card and phone index, plus two reminder writes on PostgreSQL.
/// </summary>
public static class StorageThroughputScenario
{
    private const string Organisation = "st-org";
    private const string Queue = "st-l1";
    private const int MaxAcceptAttempts = 1000;
    private static readonly Completion Done = new(["general"], "answered", null);

    public static async Task<int> RunAsync(StorageThroughputOptions options, TextWriter output)
    {
        output.WriteLine($"storage-throughput: {options.Workers} concurrent workers, {options.PhaseLength.TotalSeconds:0} s per phase");
        var results = new List<StorageThroughputResult>();
        foreach (var storage in options.Storages)
        {
            var connectionString = storage == "postgres" ? options.ConnectionString : null;
            results.Add(await RunOnceAsync(storage, connectionString, options));
            output.WriteLine($"  {storage}: {results[^1].Writes.PerSecond:0} writes/s, {results[^1].Lifecycles.PerSecond:0} lifecycles/s");
        }

        output.WriteLine();
        output.WriteLine("| storage | state writes/s | write p50 (ms) | write p99 (ms) | lifecycles/s | lifecycle p50 (ms) | lifecycle p99 (ms) |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(
                $"| {r.Storage} | {r.Writes.PerSecond:0} | {r.Writes.P50.TotalMilliseconds:0.0} | {r.Writes.P99.TotalMilliseconds:0.0} | " +
                $"{r.Lifecycles.PerSecond:0} | {r.Lifecycles.P50.TotalMilliseconds:0.0} | {r.Lifecycles.P99.TotalMilliseconds:0.0} |");
        }

        return results.All(r => r.Writes.Count > 0 && r.Lifecycles.Count > 0) ? 0 : 1;
    }

    private static async Task<StorageThroughputResult> RunOnceAsync(string storage, string? connectionString, StorageThroughputOptions options)
    {
        var serviceId = $"storage-bench-{Guid.NewGuid():N}"[..24];
        using var host = InProcessSilo.Build(serviceId, new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ClusterStorage.ConnectionStringName}"] = connectionString,
            ["Cluster:ServiceId"] = serviceId,
            ["Directory:CacheTtl"] = "00:01:00",
        });
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).ReplaceAsync(Directory(options.Workers));
            var operators = Enumerable.Range(0, options.Workers).Select(i => grains.GetGrain<IOperatorGrain>(OperatorId(i))).ToList();
            foreach (var desk in operators)
            {
                await desk.SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
            }

            var writes = await MeasureAsync(options, async (worker, n) =>
            {
                var reason = n % 2 == 0 ? NotReadyReason.Lunch : NotReadyReason.Break;
                await operators[worker].SetStatusAsync(OperatorStatus.NotReady, reason);
            });

            var offers = new OfferWatcher();
            var observer = grains.CreateObjectReference<IDeskObserver>(offers);
            foreach (var desk in operators)
            {
                await desk.SubscribeAsync(observer);
                await desk.SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
            }

            var lifecycles = await MeasureAsync(options, (worker, n) => LifecycleAsync(grains, offers, $"st-i{worker:D3}-{n:D7}", worker));
            foreach (var desk in operators)
            {
                await desk.UnsubscribeAsync(observer);
                await desk.SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Meeting);
            }

            grains.DeleteObjectReference<IDeskObserver>(observer);
            return new StorageThroughputResult(storage, writes, lifecycles);
        }
        finally
        {
            await host.StopAsync();
            if (connectionString is not null)
            {
                await ForgetAsync(connectionString, serviceId);
            }
        }
    }

    private static readonly TimeSpan OfferWait = TimeSpan.FromSeconds(30);

    /// <summary>Each worker runs its action back to back until the phase ends.</summary>
    private static async Task<Rate> MeasureAsync(StorageThroughputOptions options, Func<int, int, Task> action)
    {
        var latencies = new List<TimeSpan>[options.Workers];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(worker => Task.Run(async () =>
        {
            var own = latencies[worker] = [];
            for (var n = 0; clock.Elapsed < options.PhaseLength; n++)
            {
                var started = clock.Elapsed;
                await action(worker, n);
                own.Add(clock.Elapsed - started);
            }
        })));
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Rate(all.Count, elapsed, all[all.Count / 2], all[Math.Min(all.Count - 1, all.Count * 99 / 100)]);
    }

    /// <summary>
    /// One citizen's call, start to end: offered to whichever operator is free, and the worker
    /// answers as that operator (there are as many operators as workers, so one always frees up).
    /// </summary>
    private static async Task LifecycleAsync(IGrainFactory grains, OfferWatcher offers, string interactionId, int worker)
    {
        var interaction = grains.GetGrain<IInteractionGrain>(interactionId);
        var offered = offers.Expect(interactionId);
        var view = await interaction.RegisterAsync(new Registration(
            Channel.Voice, $"+7902{worker:D3}{interactionId.GetHashCode() & 0xFFFF:D5}", "ST-R1", "ru", null, Organisation, [], TimeSpan.Zero));
        if (view.State is not (InteractionState.Queued or InteractionState.Offered))
        {
            throw new InvalidOperationException($"{interactionId} ended up {view.State} ({view.UnansweredReason})");
        }

        // Bounded: a lost offer fails the run instead of stalling it. The timer also roots this wait;
        // Orleans holds the watcher weakly, and nothing else would keep a stalled chain alive.
        var operatorId = await offered.WaitAsync(OfferWait);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await interaction.AcceptAsync(operatorId);
                break;
            }
            catch (ContactCenterException) when (attempt < MaxAcceptAttempts)
            {
                // The desk hears of the offer as the operator is reserved, a moment before the
                // interaction records it, as a real desk would: try again shortly.
                await Task.Delay(1);
            }
        }

        await interaction.CompleteAsync(operatorId, Done);
    }

    /// <summary>The desks' side: which operator each interaction was offered to, as the Api host learns it.</summary>
    private sealed class OfferWatcher : IDeskObserver
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _expected = new(StringComparer.Ordinal);

        public Task<string> Expect(string interactionId) =>
            _expected.GetOrAdd(interactionId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public Task OnDeskEventAsync(string operatorId, DeskEvent deskEvent)
        {
            if (deskEvent.Kind == DeskEventKind.OfferMade && deskEvent.InteractionId is { } interactionId
                && _expected.TryRemove(interactionId, out var waiting))
            {
                waiting.TrySetResult(operatorId);
            }

            return Task.CompletedTask;
        }
    }

    private static DirectorySnapshot Directory(int operators) => new(
        0,
        [new Organisation(Organisation, "Storage benchmark")],
        [new Region("ST-R1", "Region", "Europe/Moscow")],
        [new Topic("general", "General", Organisation)],
        [new QueueDefinition(Queue, "line 1", Organisation, Line.First, [Channel.Voice], new Dictionary<string, int> { ["general"] = 1 }, [], ["ru"], 1, TimeSpan.FromMinutes(5), TimeSpan.FromHours(2))],
        [.. Enumerable.Range(0, operators).Select(i => new OperatorProfile(
            OperatorId(i), $"Operator {i}", $"{2000 + i}", Organisation, [Line.First], [], new Dictionary<string, int> { ["general"] = 3 }, ["ru"],
            new Dictionary<Channel, int> { [Channel.Voice] = 1 }))],
        null);

    private static string OperatorId(int i) => $"st-op{i:D3}";

    /// <summary>A benchmark leaves nothing behind in the developer's database.</summary>
    private static async Task ForgetAsync(string connectionString, string serviceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            DELETE FROM cc_grain_state WHERE service_id = @service;
            DELETE FROM cc_reminder WHERE service_id = @service;
            DELETE FROM cc_membership_version WHERE deployment_id = @service;
            """,
            connection);
        command.Parameters.AddWithValue("service", serviceId);
        await command.ExecuteNonQueryAsync();
    }
}
