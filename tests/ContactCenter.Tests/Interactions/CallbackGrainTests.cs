using ContactCenter.Citizens;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Queues;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Interactions;

/// <summary>
/// Callback tasks: unanswered contacts and deferred requests become outbound interactions routed at
/// their time, within the region's working hours (Mon–Fri 09:00–18:00 local by default), with the
/// deferred request's 8-working-hour deadline on both cards.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CallbackGrainTests(ClusterFixture fixture)
{
    private static readonly TimeZoneInfo MoscowZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Hang_up_while_queued_is_unanswered_and_the_callback_waits_for_Monday_morning_in_the_citizens_region()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("first");
        await dir.ApplyAsync(Grains);
        AdvanceToMoscow(DayOfWeek.Saturday, new TimeOnly(11, 0));
        await Operator(dir, "first").SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var id = await TestCalls.RegisterVoiceAsync(Grains, dir);
        var origin = Grains.GetGrain<IInteractionGrain>(id);

        var ended = await origin.EndByCitizenAsync(CitizenEnding.HangUp);

        Assert.Equal((InteractionState.Closed, InteractionOutcome.Unanswered, UnansweredReason.CitizenHungUp), (ended.State, ended.Outcome, ended.UnansweredReason));
        var followUp = Assert.IsType<CallbackPlan>(ended.FollowUp);
        Assert.Equal(CallbackReason.Unanswered, followUp.Reason);
        Assert.Equal(MoscowLocal(NextDay(DayOfWeek.Monday), new TimeOnly(9, 0)), followUp.DueAt);
        Assert.Null(followUp.Deadline);

        var callback = Grains.GetGrain<IInteractionGrain>(followUp.CallbackId);
        var scheduled = await callback.GetAsync();
        Assert.Equal((InteractionState.Scheduled, Direction.Outbound, Channel.Voice), (scheduled.State, scheduled.Direction, scheduled.Registration.Channel));
        Assert.Equal(id, scheduled.CallbackTask!.OriginId);
        Assert.Equal(ended.CitizenCardId, scheduled.CitizenCardId);
        await Eventually.MatchAsync(
            () => Grains.GetGrain<ICallbackListGrain>(dir.Organisation).ListOpenAsync(),
            list => list.Any(plan => plan.CallbackId == followUp.CallbackId), "the supervisors' list shows the callback");

        // An operator free on Sunday is not offered it: outbound calls wait for working hours.
        await Operator(dir, "first").SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
        fixture.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(InteractionState.Scheduled, (await callback.GetAsync()).State);

        fixture.Time.SetUtcNow(followUp.DueAt);
        await TestCalls.OfferedToAsync(Grains, followUp.CallbackId, dir.Id("first"));
        var connected = await callback.AcceptAsync(dir.Id("first"));
        Assert.Equal(followUp.DueAt, connected.ConnectedAt);
        await callback.CompleteAsync(dir.Id("first"), new Completion(["pension"], "Explained the recalculation", null));

        var reported = await Eventually.MatchAsync(() => origin.GetAsync(), v => v.FollowUp?.State == InteractionState.Closed, "the origin learns the callback closed");
        Assert.Contains(reported.Timeline, e => e.Kind == TimelineKind.CallbackClosed);
        await Eventually.MatchAsync(
            () => Grains.GetGrain<ICallbackListGrain>(dir.Organisation).ListOpenAsync(),
            list => list.All(plan => plan.CallbackId != followUp.CallbackId), "a closed callback leaves the supervisors' list");
    }

    [Fact]
    public async Task Deferred_request_gets_its_8_working_hour_deadline_and_is_called_back_first_at_its_time_and_meets_it()
    {
        var dir = Lines();
        await dir.ApplyAsync(Grains);
        AdvanceToMoscow(DayOfWeek.Friday, new TimeOnly(15, 0));
        var (origin, id) = await ConnectOnSecondLineAsync(dir);
        var registeredAt = (await origin.GetAsync()).RegisteredAt;
        var callbackAt = MoscowLocal(NextDay(DayOfWeek.Monday), new TimeOnly(10, 0));

        var deferred = await origin.DeferAsync(dir.Id("second"), new DeferRequest(callbackAt, AtCitizensRequest: false, "needs the payment history"));

        Assert.Equal(InteractionState.WrapUp, deferred.State);
        var plan = deferred.FollowUp!;
        Assert.Equal((CallbackReason.Deferred, callbackAt), (plan.Reason, plan.DueAt));

        // Friday 15:00 leaves 3 working hours; Monday 09:00 + 5 hours = 14:00 Moscow.
        Assert.Equal(WorkingCalendar.AddWorkingTime(MoscowCalendar, registeredAt, TimeSpan.FromHours(8)), plan.Deadline);
        Assert.Equal(MoscowLocal(NextDay(DayOfWeek.Monday), new TimeOnly(14, 0)), plan.Deadline);
        var closed = await origin.CompleteAsync(dir.Id("second"), new Completion(["pension"], "Will call back with the answer", null));
        Assert.Equal(InteractionOutcome.Deferred, closed.Outcome);
        var citizen = Grains.GetGrain<ICitizenCardGrain>(closed.CitizenCardId!);
        // Test calls share a number, so the card may list other tests' requests too.
        var open = Assert.Single((await citizen.GetAsync()).Deferred!, d => d.InteractionId == plan.CallbackId);
        Assert.Equal((plan.CallbackId, plan.DueAt, plan.Deadline), (open.InteractionId, open.DueAt, (DateTimeOffset?)open.Deadline));
        Assert.Contains(closed.Timeline, e => e.Kind == TimelineKind.Deferred && e.Actor == $"operator:{dir.Id("second")}");

        // An ordinary contact waits in the 2nd-line queue since before the callback is due.
        await Operator(dir, "second").SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        fixture.Time.SetUtcNow(callbackAt - TimeSpan.FromMinutes(5));
        var l2 = Grains.GetGrain<IQueueGrain>(dir.Id("l2"));
        var waitingId = $"{dir.Id("w")}-ordinary";
        await l2.EnqueueAsync(new WaitingEntry(waitingId, Channel.Voice, TestDirectory.Moscow, "ru", null, 2, fixture.Time.GetUtcNow(), []));

        fixture.Time.SetUtcNow(callbackAt);
        var callback = Grains.GetGrain<IInteractionGrain>(plan.CallbackId);
        await Eventually.MatchAsync(() => callback.GetAsync(), v => v.State == InteractionState.Queued, "the callback enters its queue at its time");
        Assert.Equal(1, (await callback.GetPositionAsync())!.Position);

        await Operator(dir, "second").SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
        await TestCalls.OfferedToAsync(Grains, plan.CallbackId, dir.Id("second"));
        await callback.AcceptAsync(dir.Id("second"));
        var done = await callback.CompleteAsync(dir.Id("second"), new Completion(["pension"], "Gave the payment history", null));
        Assert.True(done.CallbackTask!.DeadlineMet);
        Assert.DoesNotContain((await citizen.GetAsync()).Deferred ?? [], d => d.InteractionId == plan.CallbackId);

        var card = await Eventually.MatchAsync(() => origin.GetAsync(), v => v.FollowUp?.DeadlineMet is not null, "the origin's card shows whether the deadline was met");
        Assert.True(card.FollowUp!.DeadlineMet);
        Assert.Equal(plan.Deadline, card.FollowUp.Deadline);
        await l2.RemoveAsync(waitingId);
    }

    [Fact]
    public async Task A_deferred_callback_not_completed_by_its_deadline_is_recorded_as_missed_on_both_cards()
    {
        var dir = Lines();
        await dir.ApplyAsync(Grains);
        AdvanceToMoscow(DayOfWeek.Tuesday, new TimeOnly(11, 0));
        var (origin, _) = await ConnectOnSecondLineAsync(dir);
        var plan = (await origin.DeferAsync(dir.Id("second"), new DeferRequest(fixture.Time.GetUtcNow() + TimeSpan.FromHours(1), false, null))).FollowUp!;
        await origin.CompleteAsync(dir.Id("second"), new Completion(["pension"], "Will call back", null));
        await Operator(dir, "second").SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Training);

        // Tuesday 11:00 + 8 working hours: 7 on Tuesday, the 8th from 09:00 Wednesday.
        Assert.Equal(MoscowLocal(NextDay(DayOfWeek.Wednesday), new TimeOnly(10, 0)), plan.Deadline);
        fixture.Time.SetUtcNow(plan.Deadline!.Value + TimeSpan.FromSeconds(1));

        var callback = Grains.GetGrain<IInteractionGrain>(plan.CallbackId);
        var late = await Eventually.MatchAsync(() => callback.GetAsync(), v => v.CallbackTask!.DeadlineMet == false, "the miss is recorded when the deadline passes");
        Assert.Contains(late.Timeline, e => e.Kind == TimelineKind.DeadlineMissed && e.Actor == "system");
        var card = await Eventually.MatchAsync(() => origin.GetAsync(), v => v.FollowUp?.DeadlineMet == false, "the origin's card shows the miss");
        Assert.Contains(card.Timeline, e => e.Kind == TimelineKind.DeadlineMissed);
    }

    [Fact]
    public async Task A_callback_a_supervisor_assigned_is_offered_only_to_that_operator()
    {
        var dir = Lines().Operator("other", lines: [Line.Second], skills: new Dictionary<string, int> { ["general"] = 5 });
        await dir.ApplyAsync(Grains);
        AdvanceToMoscow(DayOfWeek.Wednesday, new TimeOnly(10, 0));
        var (origin, _) = await ConnectOnSecondLineAsync(dir);
        var callbackAt = fixture.Time.GetUtcNow() + TimeSpan.FromHours(2);
        var plan = (await origin.DeferAsync(dir.Id("second"), new DeferRequest(callbackAt, false, null))).FollowUp!;
        await origin.CompleteAsync(dir.Id("second"), new Completion(["pension"], "Call back in two hours", null));
        await Operator(dir, "other").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var callback = Grains.GetGrain<IInteractionGrain>(plan.CallbackId);

        var assigned = await callback.AssignCallbackAsync(dir.Id("second"), "supervisor:boss");

        Assert.Equal(dir.Id("second"), assigned.CallbackTask!.AssignedOperatorId);
        Assert.Contains(assigned.Timeline, e => e.Kind == TimelineKind.CallbackAssigned && e.Actor == "supervisor:boss");
        await Operator(dir, "second").SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Lunch);
        fixture.Time.SetUtcNow(callbackAt);
        await Eventually.MatchAsync(() => callback.GetAsync(), v => v.State == InteractionState.Queued, "the callback enters its queue at its time");

        // "other" is available and idle, yet the callback waits for the operator it was given to.
        await Eventually.MatchAsync(() => Grains.GetGrain<IQueueGrain>(dir.Id("l2")).GetStatsAsync(), s => s.AvailableOperators >= 1, "the queue sees the free operator");
        Assert.Empty((await Operator(dir, "other").GetSnapshotAsync()).Offers);
        Assert.Equal(InteractionState.Queued, (await callback.GetAsync()).State);

        await Operator(dir, "second").SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
        await TestCalls.OfferedToAsync(Grains, plan.CallbackId, dir.Id("second"));
    }

    [Fact]
    public async Task Assigning_a_callback_to_someone_who_cannot_take_it_is_refused_and_changes_nothing()
    {
        var dir = Lines();
        await dir.ApplyAsync(Grains);
        AdvanceToMoscow(DayOfWeek.Thursday, new TimeOnly(10, 0));
        var (origin, _) = await ConnectOnSecondLineAsync(dir);
        var plan = (await origin.DeferAsync(dir.Id("second"), new DeferRequest(fixture.Time.GetUtcNow() + TimeSpan.FromHours(1), false, null))).FollowUp!;
        var callback = Grains.GetGrain<IInteractionGrain>(plan.CallbackId);
        var stranger = TestDirectory.Create().Queue("l2", line: Line.Second).Operator("x", lines: [Line.Second]);
        await stranger.ApplyAsync(Grains);

        var firstLine = await Assert.ThrowsAsync<ContactCenterException>(() => callback.AssignCallbackAsync(dir.Id("first"), "supervisor:boss").AsTask());
        var otherOrganisation = await Assert.ThrowsAsync<ContactCenterException>(() => callback.AssignCallbackAsync(stranger.Id("x"), "supervisor:boss").AsTask());
        var unknown = await Assert.ThrowsAsync<ContactCenterException>(() => callback.AssignCallbackAsync(dir.Id("nobody"), "supervisor:boss").AsTask());
        var notACallback = await Assert.ThrowsAsync<ContactCenterException>(() => origin.AssignCallbackAsync(dir.Id("second"), "supervisor:boss").AsTask());

        Assert.Equal(
            [ErrorKind.FailedPrecondition, ErrorKind.FailedPrecondition, ErrorKind.NotFound, ErrorKind.FailedPrecondition],
            [firstLine.Kind, otherOrganisation.Kind, unknown.Kind, notACallback.Kind]);
        Assert.Contains("2nd-line", firstLine.Message);
        Assert.Null((await callback.GetAsync()).CallbackTask!.AssignedOperatorId);
    }

    [Fact]
    public async Task Deferring_is_for_the_2nd_line_operator_holding_the_request_once_and_for_a_future_time()
    {
        var dir = Lines();
        await dir.ApplyAsync(Grains);
        AdvanceToMoscow(DayOfWeek.Thursday, new TimeOnly(11, 0));
        await Operator(dir, "first").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var onFirstLine = await TestCalls.ConnectAsync(Grains, dir, dir.Id("first"));
        var firstLineInteraction = Grains.GetGrain<IInteractionGrain>(onFirstLine.Id);
        var later = new DeferRequest(fixture.Time.GetUtcNow() + TimeSpan.FromHours(1), false, null);

        var byFirstLine = await Assert.ThrowsAsync<ContactCenterException>(() => firstLineInteraction.DeferAsync(dir.Id("first"), later).AsTask());
        Assert.Equal(ErrorKind.FailedPrecondition, byFirstLine.Kind);
        Assert.Equal(InteractionState.Connected, (await firstLineInteraction.GetAsync()).State);
        await firstLineInteraction.CompleteAsync(dir.Id("first"), new Completion(["pension"], "answered", null));

        var (origin, _) = await ConnectOnSecondLineAsync(dir);
        var past = await Assert.ThrowsAsync<ContactCenterException>(() => origin.DeferAsync(dir.Id("second"), later with { CallbackAt = fixture.Time.GetUtcNow() - TimeSpan.FromMinutes(1) }).AsTask());
        var byOther = await Assert.ThrowsAsync<ContactCenterException>(() => origin.DeferAsync(dir.Id("first"), later).AsTask());
        Assert.Equal((ErrorKind.InvalidArgument, ErrorKind.FailedPrecondition), (past.Kind, byOther.Kind));
        var unchanged = await origin.GetAsync();
        Assert.Equal((InteractionState.Connected, (CallbackPlan?)null), (unchanged.State, unchanged.FollowUp));

        await origin.DeferAsync(dir.Id("second"), later);
        var twice = await Assert.ThrowsAsync<ContactCenterException>(() => origin.DeferAsync(dir.Id("second"), later).AsTask());
        Assert.Equal(ErrorKind.FailedPrecondition, twice.Kind);
    }

    [Fact]
    public async Task A_callback_time_outside_working_hours_moves_to_the_next_opening_unless_the_citizen_chose_it()
    {
        var dir = Lines();
        await dir.ApplyAsync(Grains);
        AdvanceToMoscow(DayOfWeek.Monday, new TimeOnly(16, 0));
        var evening = MoscowLocal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(fixture.Time.GetUtcNow(), MoscowZone).DateTime), new TimeOnly(20, 0));

        var (asSet, _) = await ConnectOnSecondLineAsync(dir);
        var moved = (await asSet.DeferAsync(dir.Id("second"), new DeferRequest(evening, false, null))).FollowUp!;
        await asSet.CompleteAsync(dir.Id("second"), new Completion(["pension"], "tomorrow", null));
        var (chosen, _) = await ConnectOnSecondLineAsync(dir);
        var kept = (await chosen.DeferAsync(dir.Id("second"), new DeferRequest(evening, true, "the citizen works until 19:30"))).FollowUp!;

        Assert.Equal(MoscowLocal(NextDay(DayOfWeek.Tuesday), new TimeOnly(9, 0)), moved.DueAt);
        Assert.Equal(evening, kept.DueAt);
        Assert.True(kept.AtCitizensRequest);
    }

    [Fact]
    public async Task A_callback_still_waiting_when_the_working_day_ends_leaves_the_queue_until_the_next_morning()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("first");
        await dir.ApplyAsync(Grains);
        AdvanceToMoscow(DayOfWeek.Tuesday, new TimeOnly(17, 0));
        await Operator(dir, "first").SignInAsync(OperatorStatus.NotReady, NotReadyReason.Meeting);
        var id = await TestCalls.RegisterVoiceAsync(Grains, dir);
        var plan = (await Grains.GetGrain<IInteractionGrain>(id).EndByCitizenAsync(CitizenEnding.HangUp)).FollowUp!;
        var callback = Grains.GetGrain<IInteractionGrain>(plan.CallbackId);
        await Eventually.MatchAsync(() => callback.GetAsync(), v => v.State == InteractionState.Queued, "due at once within working hours");

        fixture.Time.Advance(TimeSpan.FromHours(1));

        var paused = await Eventually.MatchAsync(() => callback.GetAsync(), v => v.State == InteractionState.Scheduled, "it leaves the queue at 18:00");
        Assert.Equal(MoscowLocal(NextDay(DayOfWeek.Wednesday), new TimeOnly(9, 0)), paused.CallbackTask!.DueAt);
        Assert.Null(await callback.GetPositionAsync());
        Assert.Equal(0, (await Grains.GetGrain<IQueueGrain>(dir.Id("l1")).GetStatsAsync()).Waiting);
    }

    private static WorkingHours MoscowCalendar => TestDirectory.Regions.Single(r => r.Id == TestDirectory.Moscow).WorkingCalendar;

    /// <summary>A 1st line and a voice 2nd line of one organisation; "first" on the 1st, "second" on the 2nd.</summary>
    private static TestDirectory Lines() => TestDirectory.Create()
        .Queue("l1")
        .Queue("l2", line: Line.Second, priority: 2)
        .Operator("first")
        .Operator("second", lines: [Line.Second]);

    /// <summary>A contact answered on the 1st line and transferred to, and accepted by, "second".</summary>
    private async Task<(IInteractionGrain Interaction, string Id)> ConnectOnSecondLineAsync(TestDirectory dir)
    {
        await Operator(dir, "first").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await Operator(dir, "second").SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("first"));
        var interaction = Grains.GetGrain<IInteractionGrain>(connected.Id);
        await interaction.TransferAsync(dir.Id("first"), new TransferRequest(TransferKind.SecondLine, dir.Organisation));
        await TestCalls.OfferedToAsync(Grains, connected.Id, dir.Id("second"));
        await interaction.AcceptAsync(dir.Id("second"));
        await Operator(dir, "first").SignOutAsync();
        return (interaction, connected.Id);
    }

    /// <summary>Moves the shared clock forward to the next <paramref name="day"/> at <paramref name="time"/> Moscow time.</summary>
    private void AdvanceToMoscow(DayOfWeek day, TimeOnly time)
    {
        var local = TimeZoneInfo.ConvertTime(fixture.Time.GetUtcNow(), MoscowZone);
        var date = DateOnly.FromDateTime(local.DateTime).AddDays(1);
        while (date.DayOfWeek != day)
        {
            date = date.AddDays(1);
        }

        fixture.Time.SetUtcNow(MoscowLocal(date, time));
    }

    /// <summary>The next date after today (Moscow) that falls on <paramref name="day"/>.</summary>
    private DateOnly NextDay(DayOfWeek day)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(fixture.Time.GetUtcNow(), MoscowZone).DateTime).AddDays(1);
        while (date.DayOfWeek != day)
        {
            date = date.AddDays(1);
        }

        return date;
    }

    private static DateTimeOffset MoscowLocal(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, MoscowZone.GetUtcOffset(local));
    }

    private IOperatorGrain Operator(TestDirectory dir, string name) => Grains.GetGrain<IOperatorGrain>(dir.Id(name));
}
