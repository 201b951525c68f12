using ContactCenter.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;

namespace ContactCenter.Interactions;

[GenerateSerializer]
public sealed class DeadlineWatchState
{
    [Id(0)]
    public List<string> Watched { get; set; } = [];
}

/// <summary>
/// See <see cref="IDeadlineWatchGrain"/>. Reentrant: watches that arrive while a save is in flight
/// share the next save (one write for many contacts), and a wake pass does not hold up watches.
/// </summary>
[Reentrant]
public sealed class DeadlineWatchGrain : Grain, IDeadlineWatchGrain, IRemindable
{
    private const string Reminder = "deadline-watch";

    /// <summary>Wakes sent at once in a pass: enough to keep a pass short, few enough not to flood a silo.</summary>
    private const int WakesInFlight = 32;

    /// <summary>How long removals wait to be saved with something else before they are saved alone.</summary>
    private static readonly TimeSpan ForgetSaveDelay = TimeSpan.FromSeconds(10);

    private readonly IPersistentState<DeadlineWatchState> _state;
    private readonly RoutingOptions _options;
    private readonly ILogger<DeadlineWatchGrain> _logger;
    private readonly CoalescingStateWriter _writer;

    // Interaction → stamp of its latest watch. A wake that answers "not wanted" removes the
    // interaction only if no watch came in while the wake was out (stamps differ otherwise).
    private readonly Dictionary<string, long> _watched = new(StringComparer.Ordinal);
    private long _stamp;
    private bool _lastWriteFailed;
    private bool _removalsUnsaved;
    private IGrainTimer? _forgetSave;
    private Task? _reminder;
    private bool _waking;

    public DeadlineWatchGrain(
        [PersistentState("deadline-watch", StorageNames.Interactions)] IPersistentState<DeadlineWatchState> state,
        IOptions<RoutingOptions> options,
        ILogger<DeadlineWatchGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _logger = logger;
        _writer = new CoalescingStateWriter(WriteAsync);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var interactionId in _state.State.Watched)
        {
            _watched[interactionId] = 0;
        }

        return Task.CompletedTask;
    }

    public async Task WatchAsync(string interactionId)
    {
        var known = _watched.ContainsKey(interactionId);
        _watched[interactionId] = ++_stamp;
        await (_reminder ??= RegisterReminderAsync());

        // Known and nothing unsaved: a save has already made it durable.
        if (!known || !_writer.Idle || _lastWriteFailed)
        {
            await _writer.WriteAsync();
        }
    }

    public Task ForgetAsync(string interactionId)
    {
        if (_watched.Remove(interactionId))
        {
            SaveRemovalsLater();
        }

        return Task.CompletedTask;
    }

    public ValueTask<bool> IsWatchingAsync(string interactionId) => ValueTask.FromResult(_watched.ContainsKey(interactionId));

    public ValueTask<int> CountAsync() => ValueTask.FromResult(_watched.Count);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Reminder || _waking)
        {
            return;
        }

        _waking = true;
        try
        {
            foreach (var batch in _watched.ToArray().Chunk(WakesInFlight))
            {
                await Task.WhenAll(batch.Select(WakeAsync));
            }
        }
        finally
        {
            _waking = false;
        }
    }

    private async Task WakeAsync(KeyValuePair<string, long> watched)
    {
        try
        {
            var wanted = await GrainFactory.Grain<IInteractionGrain>(watched.Key).WakeAsync();
            if (!wanted && _watched.TryGetValue(watched.Key, out var stamp) && stamp == watched.Value)
            {
                _watched.Remove(watched.Key);
                SaveRemovalsLater();
            }
        }
        catch (Exception ex)
        {
            // Kept: the next pass tries again.
            _logger.LogWarning(ex, "Deadline watch {Shard} could not wake interaction {InteractionId}", this.GetPrimaryKeyLong(), watched.Key);
        }
    }

    private async Task RegisterReminderAsync()
    {
        try
        {
            var period = _options.DeadlineBackstopPeriod;
            await this.RegisterOrUpdateReminder(Reminder, period, period);
        }
        catch
        {
            _reminder = null;
            throw;
        }
    }

    private void SaveRemovalsLater()
    {
        _removalsUnsaved = true;
        _forgetSave ??= this.RegisterGrainTimer(
            async () =>
            {
                _forgetSave?.Dispose();
                _forgetSave = null;
                if (_removalsUnsaved)
                {
                    await _writer.WriteAsync();
                }
            },
            new GrainTimerCreationOptions(ForgetSaveDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private async Task WriteAsync()
    {
        // A fresh object per save: the set keeps changing while the storage provider serialises.
        _state.State = new DeadlineWatchState { Watched = [.. _watched.Keys] };
        _removalsUnsaved = false;
        try
        {
            await _state.WriteStateAsync();
            _lastWriteFailed = false;
        }
        catch (Exception ex)
        {
            _lastWriteFailed = true;
            _removalsUnsaved = true;
            if (ex is InconsistentStateException)
            {
                // Only after a save whose outcome was unknown: take up the stored version so the next save lands.
                await _state.ReadStateAsync();
            }

            throw;
        }
    }
}
