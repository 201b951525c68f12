using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Reporting;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Tests.Reporting;

/// <summary>The close hook and the survey score on the interaction grain, with the in-memory store of an embedded node.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReportingGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Closing_an_interaction_writes_its_record_and_a_later_survey_score_writes_it_again()
    {
        var (dir, interaction) = await ConnectedAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(50)); // within the 1-minute voice inactivity limit

        var closed = await interaction.CompleteAsync(dir.Id("op"), new Completion(["pension/indexation"], "explained", null));

        var record = await StoredAsync(closed.Id, r => r.Outcome == InteractionOutcome.Resolved);
        Assert.Equal((Channel.Voice, dir.Organisation, dir.Id("op")), (record.Channel, record.OrganisationId, record.OperatorId));
        Assert.Equal([dir.Id("op")], record.OperatorIds);
        Assert.Equal((50_000L, 50_000L, 0L), (record.TalkMs, record.HandlerTalkMs, record.WrapUpMs!.Value));
        Assert.Equal(["pension"], record.TopicKeys);
        Assert.Equal(closed.Timeline.Count, record.Timeline.Count);
        Assert.Null(record.SurveyScore);

        await interaction.PostSurveyScoreAsync(5);

        var rescored = await StoredAsync(closed.Id, r => r.SurveyScore == 5);
        Assert.True(rescored.Revision > record.Revision);
    }

    [Fact]
    public async Task The_survey_score_is_one_to_five_on_a_closed_interaction_and_posted_once()
    {
        var (dir, interaction) = await ConnectedAsync();

        Assert.Equal(ErrorKind.InvalidArgument, (await Refused(() => interaction.PostSurveyScoreAsync(0))).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, (await Refused(() => interaction.PostSurveyScoreAsync(6))).Kind);
        Assert.Equal(ErrorKind.FailedPrecondition, (await Refused(() => interaction.PostSurveyScoreAsync(4))).Kind);
        Assert.Equal(ErrorKind.NotFound, (await Refused(() => Grains.GetGrain<IInteractionGrain>($"{dir.Id("none")}").PostSurveyScoreAsync(4))).Kind);

        await interaction.CompleteAsync(dir.Id("op"), new Completion(["general"], "explained", null));
        var scored = await interaction.PostSurveyScoreAsync(2);
        var again = await interaction.PostSurveyScoreAsync(2);
        var other = await Refused(() => interaction.PostSurveyScoreAsync(5));

        Assert.Equal(2, scored.SurveyScore!.Score);
        Assert.Equal(scored.SurveyScore, again.SurveyScore);
        Assert.Equal(ErrorKind.FailedPrecondition, other.Kind);
        Assert.Single(again.Timeline, e => e.Kind == TimelineKind.SurveyScored);
        await fixture.Cluster.DeactivateAsync(interaction);
        Assert.Equal(2, (await interaction.GetAsync()).SurveyScore!.Score);
    }

    [Fact]
    public async Task A_contact_nobody_could_take_is_recorded_unanswered_and_never_queued()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(Grains);

        var id = await TestCalls.RegisterVoiceAsync(Grains, dir);

        var record = await StoredAsync(id, r => r.Outcome == InteractionOutcome.Unanswered);
        Assert.Equal((UnansweredReason.NoOperators, false, (DateTimeOffset?)null), (record.UnansweredReason, record.Abandoned, record.QueuedAt));
        Assert.Equal(InteractionIdOfCallback(id), record.FollowUpId);
    }

    private static string InteractionIdOfCallback(string id) => InteractionGrain.CallbackIdOf(id);

    private Task<InteractionReport> StoredAsync(string id, Func<InteractionReport, bool> condition) =>
        Eventually.MatchAsync(
            () => Task.FromResult(fixture.Cluster.Silos
                .Select(silo => silo.SiloHost.Services.GetRequiredService<InMemoryReportStore>().Find(id))
                .OfType<InteractionReport>()
                .MaxBy(r => r.Revision)),
            r => r is not null && condition(r),
            $"the record of {id}").ContinueWith(t => t.Result!, TaskScheduler.Default);

    private async Task<(TestDirectory Dir, IInteractionGrain Interaction)> ConnectedAsync()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("op")).SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("op"));
        return (dir, Grains.GetGrain<IInteractionGrain>(connected.Id));
    }

    private static async Task<ContactCenterException> Refused(Func<ValueTask<InteractionView>> call) =>
        await Assert.ThrowsAsync<ContactCenterException>(() => call().AsTask());
}
