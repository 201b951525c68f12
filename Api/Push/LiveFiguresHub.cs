using System.Threading.Channels;
using ContactCenter.Api.Mapping;
using ContactCenter.Statistics;
using Microsoft.Extensions.Options;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Push;

/// <summary>
/// Live figures for supervisor streams: while any stream of this host watches a scope, one loop
/// reads that scope's statistics grain every <see cref="LiveFiguresOptions.PushInterval"/> and hands
/// changed figures to each of its streams (a one-slot channel that keeps only the latest). The cost
/// is one grain call per scope per interval per host, whatever the number of streams.
/// </summary>
public sealed class LiveFiguresHub(IGrainFactory grains, IOptions<LiveFiguresOptions> options, ILogger<LiveFiguresHub> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Scope> _scopes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The scope's figures as soon as they are read, then whenever they change, until <paramref name="cancellationToken"/>.</summary>
    public async IAsyncEnumerable<P.LiveStatistics> WatchAsync(string scope, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<P.LiveStatistics>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        Scope watched;
        lock (_gate)
        {
            if (!_scopes.TryGetValue(scope, out watched!))
            {
                _scopes[scope] = watched = new Scope(scope);
                _ = PollAsync(watched);
            }

            watched.Readers.Add(channel.Writer);
            if (watched.Latest is { } known)
            {
                channel.Writer.TryWrite(known);
            }
        }

        try
        {
            await foreach (var figures in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return figures;
            }
        }
        finally
        {
            lock (_gate)
            {
                watched.Readers.Remove(channel.Writer);
                if (watched.Readers.Count == 0)
                {
                    _scopes.Remove(scope);
                    watched.Stop.Cancel();
                }
            }
        }
    }

    public void Dispose() => _stopping.Cancel();

    private async Task PollAsync(Scope scope)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(scope.Stop.Token, _stopping.Token);
        using var timer = new PeriodicTimer(options.Value.PushInterval);
        do
        {
            try
            {
                var figures = (await grains.Grain<IStatisticsGrain>(scope.Key).GetAsync()).ToProto();
                lock (_gate)
                {
                    // as_of always moves: compare what a supervisor reads.
                    if (scope.Latest is { } latest && latest.Today.Equals(figures.Today) && latest.Window.Equals(figures.Window))
                    {
                        continue;
                    }

                    scope.Latest = figures;
                    foreach (var reader in scope.Readers)
                    {
                        reader.TryWrite(figures);
                    }
                }
            }
            catch (Exception ex) when (!linked.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Reading live figures of {Scope} failed; trying again next interval", scope.Key);
            }
        }
        while (await WaitAsync(timer, linked.Token));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed class Scope(string key)
    {
        public string Key { get; } = key;

        public CancellationTokenSource Stop { get; } = new();

        public List<ChannelWriter<P.LiveStatistics>> Readers { get; } = [];

        public P.LiveStatistics? Latest { get; set; }
    }
}

public sealed class LiveFiguresOptions
{
    public const string Section = "Statistics";

    /// <summary>How often a host re-reads the figures of the scopes its supervisor streams watch.</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromSeconds(5);
}
