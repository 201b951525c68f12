using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Interactions;

/// <summary>Inactivity auto-closure per channel, wrap-up and its limit, and refused transitions.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationTimersGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan DefaultWrapUpLimit = TimeSpan.FromMinutes(2);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_text_conversation_silent_for_five_minutes_is_closed_for_citizen_inactivity_and_the_operator_goes_to_wrap_up()
    {
        var (dir, typist) = await StaffedAsync(Channel.Text);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("op"), Channel.Text);
        var interaction = Grains.GetGrain<IInteractionGrain>(connected.Id);
        Assert.Equal(connected.ConnectedAt + TimeSpan.FromMinutes(5), connected.InactivityDeadline);

        fixture.Time.Advance(TimeSpan.FromMinutes(5));

        var ended = await Eventually.MatchAsync(() => interaction.GetAsync(), v => v.State == InteractionState.WrapUp, "the conversation ends for inactivity");
        Assert.Equal(ConversationEnd.CitizenInactive, ended.EndReason);
        Assert.Null(ended.InactivityDeadline);
        Assert.Contains(ended.Timeline, e => e.Kind == TimelineKind.ConversationEnded && e.Actor == "system" && e.Detail!.StartsWith("citizen inactive"));
        var wrapping = await typist.GetSnapshotAsync();
        Assert.Equal(OperatorStatus.AfterCallWork, wrapping.Status);
        Assert.Equal(fixture.Time.GetUtcNow(), Assert.Single(wrapping.Assignments).WrapUpSince);
    }

    [Fact]
    public async Task A_voice_call_silent_for_one_minute_is_closed_for_citizen_inactivity_with_the_reason_on_the_card()
    {
        var (dir, talker) = await StaffedAsync(Channel.Voice);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("op"));
        var interaction = Grains.GetGrain<IInteractionGrain>(connected.Id);

        fixture.Time.Advance(TimeSpan.FromMinutes(1));

        var ended = await Eventually.MatchAsync(() => interaction.GetAsync(), v => v.State == InteractionState.WrapUp, "the call ends for inactivity");
        Assert.Equal(ConversationEnd.CitizenInactive, ended.EndReason);
        Assert.Equal(OperatorStatus.AfterCallWork, (await talker.GetSnapshotAsync()).Status);

        // Nobody completes the card: wrap-up ends at its default limit and the outcome carries the reason.
        fixture.Time.Advance(DefaultWrapUpLimit);
        var closed = await Eventually.MatchAsync(() => interaction.GetAsync(), v => v.State == InteractionState.Closed, "wrap-up ends at its limit");
        Assert.Equal(InteractionOutcome.ClosedForInactivity, closed.Outcome);
        Assert.Equal(ConversationEnd.CitizenInactive, closed.EndReason);
        Assert.Equal(DefaultWrapUpLimit, closed.WrapUpDuration);
        await Eventually.MatchAsync(() => talker.GetSnapshotAsync(), s => s.Status == OperatorStatus.Available && s.Assignments.Count == 0, "the operator is available again");
    }

    [Fact]
    public async Task Activity_at_4_59_restarts_the_text_inactivity_limit()
    {
        var (dir, _) = await StaffedAsync(Channel.Text);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("op"), Channel.Text);
        var interaction = Grains.GetGrain<IInteractionGrain>(connected.Id);
        var almost = TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1);

        fixture.Time.Advance(almost);
        var answered = await interaction.CitizenActivityAsync();
        Assert.Equal(InteractionState.Connected, answered.State);
        Assert.Equal(fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(5), answered.InactivityDeadline);

        fixture.Time.Advance(almost);
        var asked = await interaction.OperatorActivityAsync(dir.Id("op"));
        Assert.Equal(InteractionState.Connected, asked.State);
        Assert.Equal(fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(5), asked.InactivityDeadline);

        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var ended = await Eventually.MatchAsync(() => interaction.GetAsync(), v => v.State == InteractionState.WrapUp, "silence after the last question ends it");
        Assert.Equal(ConversationEnd.CitizenInactive, ended.EndReason);
    }

    [Fact]
    public async Task Wrap_up_ends_at_the_queues_limit_and_the_operator_is_available_again()
    {
        var dir = TestDirectory.Create().Queue("l1", wrapUpLimit: TimeSpan.FromSeconds(30)).Operator("op");
        await dir.ApplyAsync(Grains);
        var op = Grains.GetGrain<IOperatorGrain>(dir.Id("op"));
        await op.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("op"));
        var interaction = Grains.GetGrain<IInteractionGrain>(connected.Id);

        var wrapUp = await interaction.EndConversationAsync(dir.Id("op"));
        Assert.Equal(InteractionState.WrapUp, wrapUp.State);
        Assert.Equal(ConversationEnd.ByOperator, wrapUp.EndReason);
        Assert.Equal(fixture.Time.GetUtcNow(), wrapUp.WrapUpStartedAt);
        var wrapping = await op.GetSnapshotAsync();
        Assert.Equal(OperatorStatus.AfterCallWork, wrapping.Status);
        Assert.Single(wrapping.Assignments);

        fixture.Time.Advance(TimeSpan.FromSeconds(30));

        var closed = await Eventually.MatchAsync(() => interaction.GetAsync(), v => v.State == InteractionState.Closed, "wrap-up ends at its limit");
        Assert.Equal(InteractionOutcome.Resolved, closed.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(30), closed.WrapUpDuration);
        Assert.Contains(closed.Timeline, e => e.Kind == TimelineKind.WrapUpEnded && e.Actor == "system");
        await Eventually.MatchAsync(() => op.GetSnapshotAsync(), s => s.Status == OperatorStatus.Available && s.Assignments.Count == 0, "the operator is available again");
    }

    [Fact]
    public async Task A_stop_message_ends_the_conversation_at_once_and_the_operator_completes_the_card_in_wrap_up()
    {
        var (dir, op) = await StaffedAsync(Channel.Text);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("op"), Channel.Text);
        var interaction = Grains.GetGrain<IInteractionGrain>(connected.Id);

        var stopped = await interaction.EndByCitizenAsync(CitizenEnding.StopMessage);
        Assert.Equal((InteractionState.WrapUp, ConversationEnd.CitizenStopped), (stopped.State, stopped.EndReason));

        fixture.Time.Advance(TimeSpan.FromSeconds(10));
        var completed = await interaction.CompleteAsync(dir.Id("op"), new Completion(["pension"], "explained", null));
        Assert.Equal((InteractionState.Closed, InteractionOutcome.CitizenEnded), (completed.State, completed.Outcome));
        Assert.Equal(TimeSpan.FromSeconds(10), completed.WrapUpDuration);
        await Eventually.MatchAsync(() => op.GetSnapshotAsync(), s => s.Status == OperatorStatus.Available && s.Assignments.Count == 0, "the operator is available again");
    }

    [Fact]
    public async Task Illegal_transitions_are_refused_as_failed_preconditions_and_leave_the_state_unchanged()
    {
        var (dir, _) = await StaffedAsync(Channel.Voice);
        var id = await TestCalls.RegisterVoiceAsync(Grains, dir);
        var interaction = Grains.GetGrain<IInteractionGrain>(id);
        await TestCalls.OfferedToAsync(Grains, id, dir.Id("op"));
        var completion = new Completion(["pension"], "explained", null);

        await RefusedAsync(() => interaction.CompleteAsync(dir.Id("op"), completion));
        Assert.Equal(InteractionState.Offered, (await interaction.GetAsync()).State);
        await RefusedAsync(() => interaction.EndConversationAsync(dir.Id("op")));

        await interaction.AcceptAsync(dir.Id("op"));
        await RefusedAsync(() => interaction.AcceptAsync(dir.Id("op")));
        var connected = await interaction.GetAsync();
        Assert.Equal(InteractionState.Connected, connected.State);
        Assert.Single(connected.Timeline, e => e.Kind == TimelineKind.Connected);

        await interaction.CompleteAsync(dir.Id("op"), completion);
        await RefusedAsync(() => interaction.TransferAsync(dir.Id("op"), new TransferRequest(TransferKind.SecondLine, dir.Organisation)));
        await RefusedAsync(() => interaction.CitizenActivityAsync());
        await RefusedAsync(() => interaction.OperatorActivityAsync(dir.Id("op")));
        var closed = await interaction.GetAsync();
        Assert.Equal((InteractionState.Closed, InteractionOutcome.Resolved), (closed.State, closed.Outcome));
        Assert.Empty(closed.Transfers);
    }

    private static async Task RefusedAsync(Func<ValueTask<InteractionView>> call) =>
        Assert.Equal(ErrorKind.FailedPrecondition, (await Assert.ThrowsAsync<ContactCenterException>(() => call().AsTask())).Kind);

    private async Task<(TestDirectory Dir, IOperatorGrain Operator)> StaffedAsync(Channel channel)
    {
        var dir = TestDirectory.Create().Queue("l1", channels: [channel]).Operator("op");
        await dir.ApplyAsync(Grains);
        var op = Grains.GetGrain<IOperatorGrain>(dir.Id("op"));
        await op.SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        return (dir, op);
    }
}
