using ContactCenter.Interactions;
using ContactCenter.Operators;
using ContactCenter.Statistics;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Statistics;

/// <summary>Interactions tell the live statistics what happens to them; each scope sums its own.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LiveStatisticsGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task An_answered_handled_contact_and_an_abandoned_one_show_in_their_queue_organisation_and_operator()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(Grains);
        var op = Grains.GetGrain<IOperatorGrain>(dir.Id("op"));
        await op.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var answered = await TestCalls.ConnectAsync(Grains, dir, dir.Id("op"));
        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        await Grains.GetGrain<IInteractionGrain>(answered.Id).EndConversationAsync(dir.Id("op"));
        fixture.Time.Advance(TimeSpan.FromSeconds(10));
        await Grains.GetGrain<IInteractionGrain>(answered.Id).CompleteAsync(dir.Id("op"), new Completion(["pension"], "explained", null));

        await op.SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var lost = await TestCalls.RegisterVoiceAsync(Grains, dir);
        fixture.Time.Advance(TimeSpan.FromSeconds(12));
        await Grains.GetGrain<IInteractionGrain>(lost).EndByCitizenAsync(CitizenEnding.HangUp);

        // Each silo's collectors flush on their own second: the scopes converge, in no set order.
        var queue = await Eventually.MatchAsync(
            () => Figures(StatisticsScopes.Queue, dir.Id("l1")), f => f.Today.Handled == 1 && f.Today.Abandoned == 1 && f.Today.Offered == 2 && f.Today.Answered == 1, "the queue's figures");
        Assert.Equal((2L, 1L), (queue.Today.Offered, queue.Today.Answered));
        Assert.Equal(1.0 / 2, queue.Today.ServiceLevel);
        Assert.Equal(TimeSpan.FromSeconds(40), queue.Today.AverageHandleTime);
        Assert.Equal(TimeSpan.FromSeconds(10), queue.Today.AverageAfterCallWork);
        Assert.Equal(queue.Today.Offered, queue.Window.Offered);

        var organisation = await Eventually.MatchAsync(
            () => Figures(StatisticsScopes.Organisation, dir.Organisation), f => f.Today.Abandoned == 1 && f.Today.Offered == 2 && f.Today.Answered == 1 && f.Today.Handled == 1, "the organisation's figures");
        Assert.Equal(queue.Today.ServiceLevel, organisation.Today.ServiceLevel);
        var operatorFigures = await Eventually.MatchAsync(
            () => Figures(StatisticsScopes.Operator, dir.Id("op")), f => f.Today.Handled == 1 && f.Today.Answered == 1, "the operator's figures");
        Assert.Equal(0L, operatorFigures.Today.Offered);
    }

    private Task<LiveFigures> Figures(string kind, string id) =>
        Grains.GetGrain<IStatisticsGrain>(StatisticsScopes.Of(kind, id)).GetAsync().AsTask();
}
