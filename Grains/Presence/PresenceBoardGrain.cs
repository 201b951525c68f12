using ContactCenter.Common;
using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace ContactCenter.Presence;

/// <summary>
/// Holds nothing durable: everything it shows is owned by the operator and queue grains, which
/// report each change. A new activation reads every operator and queue grain of its organisation
/// once, then lives on their reports. Changes are stamped with a version, gathered for
/// Presence:UpdateInterval and sent to the observing Api hosts as one batch, so a host gets at
/// most one message per interval from a board however many operators change.
/// </summary>
public sealed class PresenceBoardGrain(
    DirectoryCache directory,
    DomainClock clock,
    IOptions<PresenceOptions> options,
    ILogger<PresenceBoardGrain> logger)
    : Grain, IPresenceBoardGrain
{
    private readonly Guid _epoch = Guid.NewGuid();
    private readonly ObserverManager<IPresenceObserver> _observers = new(TimeSpan.FromMinutes(5), logger);
    private readonly Dictionary<string, Stamped<OperatorPresence>> _operators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stamped<QueueLoad>> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stamped<OperatorPresence>> _changedOperators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stamped<QueueLoad>> _changedQueues = new(StringComparer.Ordinal);
    private BatchingTimer? _batch;
    private long _version;

    private string OrganisationId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _batch = new BatchingTimer(this, options.Value.UpdateInterval, FlushAsync);
        var index = await directory.GetAsync();
        var profiles = index.Snapshot.Operators.Where(o => o.OrganisationId == OrganisationId).ToList();
        var queueKeys = index.Snapshot.Queues
            .Where(q => q.OrganisationId == OrganisationId)
            .SelectMany(q => q.PartitionRegions.Select(q.PartitionKey).Prepend(q.Id))
            .ToList();
        var operators = await Task.WhenAll(profiles.Select(profile => ReadOperatorAsync(index, profile)));
        var loads = await Task.WhenAll(queueKeys.Select(ReadQueueAsync));
        foreach (var presence in operators.OfType<OperatorPresence>())
        {
            _operators[presence.OperatorId] = new Stamped<OperatorPresence>(presence, ++_version);
        }

        foreach (var load in loads.OfType<QueueLoad>())
        {
            _queues[load.QueueKey] = new Stamped<QueueLoad>(load, ++_version);
        }
    }

    public Task OperatorsChangedAsync(OperatorPresence[] presences)
    {
        foreach (var presence in presences)
        {
            if (_operators.TryGetValue(presence.OperatorId, out var known) && known.Value.Sequence > presence.Sequence)
            {
                continue;
            }

            var stamped = new Stamped<OperatorPresence>(presence, ++_version);
            _operators[presence.OperatorId] = stamped;
            if (_observers.Count > 0)
            {
                _changedOperators[presence.OperatorId] = stamped;
                _batch!.Request();
            }
        }

        return Task.CompletedTask;
    }

    public Task QueueLoadChangedAsync(QueueLoad load)
    {
        var stamped = new Stamped<QueueLoad>(load, ++_version);
        _queues[load.QueueKey] = stamped;
        if (_observers.Count > 0)
        {
            _changedQueues[load.QueueKey] = stamped;
            _batch!.Request();
        }

        return Task.CompletedTask;
    }

    public async ValueTask<BoardUpdate> GetSnapshotAsync()
    {
        _ = (await directory.GetAsync()).FindOrganisation(OrganisationId)
            ?? throw ContactCenterException.NotFound($"organisation '{OrganisationId}' is not in the directory");
        return new BoardUpdate(_epoch, [.. _operators.Values], [.. _queues.Values]);
    }

    public ValueTask SubscribeAsync(IPresenceObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return ValueTask.CompletedTask;
    }

    public ValueTask UnsubscribeAsync(IPresenceObserver observer)
    {
        _observers.Unsubscribe(observer);
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> GetObserverCountAsync() => ValueTask.FromResult(_observers.Count);

    private Task FlushAsync()
    {
        if (_changedOperators.Count + _changedQueues.Count == 0)
        {
            return Task.CompletedTask;
        }

        var batch = new BoardUpdate(_epoch, [.. _changedOperators.Values], [.. _changedQueues.Values]);
        _changedOperators.Clear();
        _changedQueues.Clear();
        _observers.Notify(observer => observer.OnBoardChangedAsync(OrganisationId, batch));
        return Task.CompletedTask;
    }

    private async Task<OperatorPresence?> ReadOperatorAsync(DirectoryIndex index, OperatorProfile profile)
    {
        try
        {
            var presence = OperatorPresence.Of(await GrainFactory.Grain<IOperatorGrain>(profile.Id).GetSnapshotAsync());

            // An operator who never signed in has worked out no queues yet: the directory says which it would serve.
            return presence with
            {
                Name = profile.Name,
                TeamId = profile.TeamId,
                QueueKeys = presence.QueueKeys.Count > 0 ? presence.QueueKeys : index.QueuesServedBy(profile),
            };
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Presence board {OrganisationId} could not read operator {OperatorId}; it shows once the operator reports", OrganisationId, profile.Id);
            return null;
        }
    }

    private async Task<QueueLoad?> ReadQueueAsync(string queueKey)
    {
        try
        {
            var stats = await GrainFactory.Grain<IQueueGrain>(queueKey).GetStatsAsync();
            return new QueueLoad(queueKey, stats.Waiting, stats.Waiting > 0 ? clock.Now - stats.LongestWait : null);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Presence board {OrganisationId} could not read queue {QueueKey}; it shows once the queue reports", OrganisationId, queueKey);
            return null;
        }
    }
}
