using ContactCenter.Common;
using ContactCenter.Directory;
using Microsoft.Extensions.Options;

namespace ContactCenter.Statistics;

public sealed class StatisticsGrain(
    [PersistentState("statistics", StorageNames.Queues)] IPersistentState<LiveWindow> state,
    DirectoryCache directory,
    DomainClock clock,
    IOptions<StatisticsOptions> options)
    : Grain, IStatisticsGrain
{
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private bool _dirty;
    private IGrainTimer? _saveTimer;

    private StatisticsOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var separator = key.IndexOf('/', StringComparison.Ordinal);
        var (kind, id) = separator < 0 ? (key, string.Empty) : (key[..separator], key[(separator + 1)..]);
        var index = await directory.GetAsync();

        // "Today" is the queue's own day when it keeps hours, the region's in a region.
        var zoneId = kind switch
        {
            StatisticsScopes.Queue => index.FindQueue(id)?.Hours?.TimeZoneId,
            StatisticsScopes.Region => index.FindRegion(id)?.TimeZoneId,
            _ => null,
        } ?? Options.TimeZoneId;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task MergeAsync(IReadOnlyDictionary<DateTimeOffset, FigureCounters> minutes)
    {
        Merge(minutes);
        if (Options.SaveDelay <= TimeSpan.Zero)
        {
            await SaveAsync();
            return;
        }

        // Live figures: a crash may cost the last few seconds of them, never a contact's own record.
        _saveTimer ??= this.RegisterGrainTimer(SaveAsync, new GrainTimerCreationOptions(Options.SaveDelay, Options.SaveDelay));
    }

    public Task MergeAndSaveAsync(IReadOnlyDictionary<DateTimeOffset, FigureCounters> minutes)
    {
        Merge(minutes);
        return SaveAsync();
    }

    public ValueTask<LiveFigures> GetAsync()
    {
        var now = clock.Now;
        var (today, window) = state.State.Read(_zone, now, Options.Window);
        return ValueTask.FromResult(new LiveFigures(
            this.GetPrimaryKeyString(), now, _zone.Id, LiveCounters.Figures(today), LiveCounters.Figures(window), Options.Window));
    }

    private void Merge(IReadOnlyDictionary<DateTimeOffset, FigureCounters> minutes)
    {
        state.State.Merge(minutes, _zone, clock.Now, Options.Window);
        _dirty = true;
    }

    private async Task SaveAsync()
    {
        if (_dirty)
        {
            _dirty = false;
            await state.WriteStateAsync();
        }
    }
}
