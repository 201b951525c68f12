using ContactCenter.Api.Protos;
using ContactCenter.Tests.Api;
using ContactCenter.Tests.Infrastructure;
using ContactCenter.Tests.Presence;
using Grpc.Core;

namespace ContactCenter.Tests.Statistics;

/// <summary>Live figures read on demand and pushed on the supervisor stream.</summary>
[Collection(ApiCollection.Name)]
public sealed class LiveStatisticsApiTests(ApiFixture api)
{
    private SupervisorService.SupervisorServiceClient Supervisor => api.Supervision;

    [Fact]
    public async Task A_supervisor_stream_pushes_the_organisations_figures_after_the_snapshot_and_again_when_they_change()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(api.Grains);
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("op") });
        using var stream = Supervisor.Watch(new WatchRequest { OrganisationId = dir.Organisation });
        var screen = await new SupervisorScreen(stream.ResponseStream).UntilAsync(s => s.Kinds.Count == 1, "the snapshot");
        Assert.Equal(SupervisorEventKind.Snapshot, screen.Kinds[0]);

        var id = await api.RegisterAsync(dir);
        await api.AcceptWhenOfferedAsync(id, dir.Id("op"));

        await screen.UntilAsync(s => s.Figures is { Today.Answered: 1 }, "figures with the answered call");
        Assert.Equal($"organisation/{dir.Organisation}", screen.Figures!.Scope);
        Assert.Equal(1, screen.Figures.Today.Offered);
        Assert.Equal(1.0, screen.Figures.Today.ServiceLevel);
        Assert.Equal(1, screen.Figures.Window.Answered);
        Assert.Contains(SupervisorEventKind.Figures, screen.Kinds);
    }

    [Fact]
    public async Task Figures_are_read_on_demand_per_scope_and_unknown_scopes_are_refused()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(api.Grains);
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("op") });
        var id = await api.RegisterAsync(dir);
        await api.AcceptWhenOfferedAsync(id, dir.Id("op"));

        var queue = await Eventually.MatchAsync(
            () => Supervisor.GetLiveStatisticsAsync(new LiveStatisticsRequest { QueueId = dir.Id("l1") }).ResponseAsync,
            f => f.Today.Answered == 1, "the queue's figures");
        // Each scope's sums travel to its own grain, so the operator's may land after the queue's.
        var byOperator = await Eventually.MatchAsync(
            () => Supervisor.GetLiveStatisticsAsync(new LiveStatisticsRequest { OperatorId = dir.Id("op") }).ResponseAsync,
            f => f.Today.Answered == 1, "the operator's figures");

        Assert.Equal("Europe/Moscow", queue.TimeZoneId);
        Assert.Equal(1, queue.Today.Offered);
        Assert.Equal(1, byOperator.Today.Answered);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            Supervisor.GetLiveStatisticsAsync(new LiveStatisticsRequest { QueueId = dir.Id("nowhere") }).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() =>
            Supervisor.GetLiveStatisticsAsync(new LiveStatisticsRequest()).ResponseAsync)).StatusCode);
    }
}
