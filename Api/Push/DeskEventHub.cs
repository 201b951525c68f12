using System.Threading.Channels;
using ContactCenter.Operators;

namespace ContactCenter.Api.Push;

/// <summary>
/// This host's single desk observer. It subscribes to an operator grain while at least one desk
/// stream for that operator is open here, and copies each event to those streams.
/// </summary>
public sealed class DeskEventHub(IGrainFactory grains, ILogger<DeskEventHub> logger) : IDeskObserver
{
    // A stream that falls this far behind loses its oldest events; each event carries the whole state.
    private const int StreamBuffer = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Channel<DeskEvent>>> _streams = new(StringComparer.Ordinal);
    private IDeskObserver? _reference;

    public async Task<DeskSubscription> OpenAsync(string operatorId)
    {
        var channel = Channel.CreateBounded<DeskEvent>(new BoundedChannelOptions(StreamBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        bool first;
        lock (_gate)
        {
            if (!_streams.TryGetValue(operatorId, out var list))
            {
                _streams[operatorId] = list = [];
            }

            list.Add(channel);
            first = list.Count == 1;
        }

        if (first)
        {
            await grains.Grain<IOperatorGrain>(operatorId).SubscribeAsync(Reference());
        }

        return new DeskSubscription(channel.Reader, () => Close(operatorId, channel));
    }

    public Task OnDeskEventAsync(string operatorId, DeskEvent deskEvent)
    {
        lock (_gate)
        {
            if (_streams.TryGetValue(operatorId, out var list))
            {
                foreach (var channel in list)
                {
                    channel.Writer.TryWrite(deskEvent);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Renews every subscription: grains forget observers that go quiet, and a reactivated grain starts with none.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        string[] operatorIds;
        lock (_gate)
        {
            operatorIds = [.. _streams.Keys];
        }

        foreach (var operatorId in operatorIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await grains.Grain<IOperatorGrain>(operatorId).SubscribeAsync(Reference());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not renew the desk subscription of {OperatorId}", operatorId);
            }
        }
    }

    private IDeskObserver Reference()
    {
        lock (_gate)
        {
            return _reference ??= grains.CreateObjectReference<IDeskObserver>(this);
        }
    }

    private void Close(string operatorId, Channel<DeskEvent> channel)
    {
        bool last;
        lock (_gate)
        {
            if (!_streams.TryGetValue(operatorId, out var list) || !list.Remove(channel))
            {
                return;
            }

            last = list.Count == 0;
            if (last)
            {
                _streams.Remove(operatorId);
            }
        }

        channel.Writer.TryComplete();
        if (last)
        {
            _ = UnsubscribeAsync(operatorId);
        }
    }

    private async Task UnsubscribeAsync(string operatorId)
    {
        try
        {
            await grains.Grain<IOperatorGrain>(operatorId).UnsubscribeAsync(Reference());
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Unsubscribing the desk stream of {OperatorId} failed; the grain drops it when it expires", operatorId);
        }
    }
}

/// <summary>One open desk stream; disposing it ends the stream's share of the subscription.</summary>
public sealed class DeskSubscription(ChannelReader<DeskEvent> events, Action close) : IDisposable
{
    public ChannelReader<DeskEvent> Events { get; } = events;

    public void Dispose() => close();
}
