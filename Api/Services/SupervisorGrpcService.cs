using ContactCenter.Api.Mapping;
using ContactCenter.Api.Push;
using ContactCenter.Directory;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Statistics;
using Grpc.Core;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Services;

public sealed class SupervisorGrpcService(IGrainFactory grains, PresenceHub hub, LiveFiguresHub figures) : P.SupervisorService.SupervisorServiceBase
{
    public override async Task<P.OperatorState> ForceStatus(P.ForceStatusRequest request, ServerCallContext context)
    {
        var op = Operator(request.OperatorId);
        return (await op.ForceStatusAsync(request.Status.ToDomain())).ToProto();
    }

    public override async Task<P.OperatorState> SignOutOperator(P.OperatorRequest request, ServerCallContext context) =>
        (await Operator(request.OperatorId).ForceSignOutAsync()).ToProto();

    public override async Task Watch(P.WatchRequest request, IServerStreamWriter<P.SupervisorEvent> responseStream, ServerCallContext context)
    {
        var (organisationId, queueId, teamId) = await ScopeAsync(request);
        using var watch = await hub.WatchAsync(organisationId, queueId, teamId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        using var writing = new SemaphoreSlim(1, 1);

        // Presence and figures arrive on their own schedules; a gRPC stream takes one write at a time.
        async Task WriteAsync(P.SupervisorEvent message)
        {
            await writing.WaitAsync(stop.Token);
            try
            {
                await responseStream.WriteAsync(message, stop.Token);
            }
            finally
            {
                writing.Release();
            }
        }

        // The snapshot goes first, before any figures.
        var presence = watch.ReadAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        await using var _ = presence;
        if (!await presence.MoveNextAsync())
        {
            return;
        }

        await WriteAsync(presence.Current.ToProto());
        var scope = teamId is not null ? null
            : queueId is null ? StatisticsScopes.Of(StatisticsScopes.Organisation, organisationId)
            : StatisticsScopes.Of(StatisticsScopes.Queue, queueId);
        var changes = Task.Run(async () =>
        {
            while (await presence.MoveNextAsync())
            {
                await WriteAsync(presence.Current.ToProto());
            }
        });
        var live = scope is null ? Task.Delay(Timeout.Infinite, stop.Token) : Task.Run(async () =>
        {
            await foreach (var latest in figures.WatchAsync(scope!, stop.Token))
            {
                await WriteAsync(new P.SupervisorEvent { Kind = P.SupervisorEventKind.Figures, At = latest.AsOf, Figures = latest });
            }
        });
        try
        {
            await await Task.WhenAny(changes, live);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(changes, live).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public override async Task<P.LiveStatistics> GetLiveStatistics(P.LiveStatisticsRequest request, ServerCallContext context)
    {
        var directory = await grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).GetAsync();
        var scope = request.ScopeCase switch
        {
            P.LiveStatisticsRequest.ScopeOneofCase.OrganisationId => Known(
                StatisticsScopes.Organisation, Require.Id(request.OrganisationId, "organisation_id"), id => directory.Organisations.Any(o => o.Id == id)),
            P.LiveStatisticsRequest.ScopeOneofCase.QueueId => Known(
                StatisticsScopes.Queue, Require.Id(request.QueueId, "queue_id"), id => directory.Queues.Any(q => q.Id == id)),
            P.LiveStatisticsRequest.ScopeOneofCase.RegionId => Known(
                StatisticsScopes.Region, Require.Id(request.RegionId, "region_id"), id => directory.Regions.Any(r => r.Id == id)),
            P.LiveStatisticsRequest.ScopeOneofCase.OperatorId => Known(
                StatisticsScopes.Operator, Require.Id(request.OperatorId, "operator_id"), id => directory.Operators.Any(o => o.Id == id)),
            _ => throw ContactCenterException.Invalid("organisation_id, queue_id, region_id or operator_id is required"),
        };
        return (await grains.Grain<IStatisticsGrain>(scope).GetAsync()).ToProto();

        static string Known(string kind, string id, Func<string, bool> exists) =>
            exists(id) ? StatisticsScopes.Of(kind, id) : throw ContactCenterException.NotFound($"{kind} '{id}' is not in the directory");
    }

    private async Task<(string OrganisationId, string? QueueId, string? TeamId)> ScopeAsync(P.WatchRequest request)
    {
        switch (request.ScopeCase)
        {
            case P.WatchRequest.ScopeOneofCase.OrganisationId:
                return (Require.Id(request.OrganisationId, "organisation_id"), null, null);
            case P.WatchRequest.ScopeOneofCase.QueueId:
                var queueId = Require.Id(request.QueueId, "queue_id");
                var queue = await grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).FindQueueAsync(queueId)
                    ?? throw ContactCenterException.NotFound($"queue '{queueId}' is not in the directory");
                return (queue.OrganisationId, queue.Id, null);
            case P.WatchRequest.ScopeOneofCase.TeamId:
                var teamId = Require.Id(request.TeamId, "team_id");
                var member = (await grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).GetAsync()).Operators.FirstOrDefault(o => o.TeamId == teamId)
                    ?? throw ContactCenterException.NotFound($"no operator of the directory is in team '{teamId}'");
                return (member.OrganisationId, null, teamId);
            default:
                throw ContactCenterException.Invalid("organisation_id, queue_id or team_id is required");
        }
    }

    private IOperatorGrain Operator(string operatorId) => grains.Grain<IOperatorGrain>(Require.Id(operatorId, "operator_id"));
}
