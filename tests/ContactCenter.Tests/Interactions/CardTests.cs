using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Interactions;

/// <summary>The card's operator fields, transcript, recordings and complaint review on the interaction grain.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CardTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Completing_with_every_card_field_puts_them_on_the_card()
    {
        var (dir, interaction) = await ConnectedAsync(Channel.Voice);
        var completion = new Completion(
            ["pension/indexation/2025/recalc", "general"],
            "The pension was recalculated on 1 January; the letter is on its way.",
            "Citizen asked to be called back if the letter does not arrive",
            ["Why did my pension change?", "When will the letter come?"],
            "Knowledge base: Pension indexation 2025",
            new Complaint(ComplaintCategory.WaitingTime, "Waited twenty minutes before anyone answered"));

        var closed = await interaction.CompleteAsync(dir.Id("op"), completion);

        Assert.Equal((InteractionState.Closed, InteractionOutcome.Resolved), (closed.State, closed.Outcome));
        var card = Assert.IsType<Completion>(closed.Completion);
        Assert.Equal(["pension/indexation/2025/recalc", "general"], card.Topics);
        Assert.Equal(completion.Answer, card.Answer);
        Assert.Equal(completion.Comment, card.Comment);
        Assert.Equal(["Why did my pension change?", "When will the letter come?"], card.Questions!);
        Assert.Equal("Knowledge base: Pension indexation 2025", card.KnowledgeSource);
        Assert.Equal(new Complaint(ComplaintCategory.WaitingTime, "Waited twenty minutes before anyone answered"), card.Complaint);
        var recorded = Assert.Single(closed.Timeline, e => e.Kind == TimelineKind.ComplaintRecorded);
        Assert.Equal((OperatorActor(dir), "WaitingTime"), (recorded.Actor, recorded.Detail));

        // What was stored, not just what was answered.
        await fixture.Cluster.DeactivateAsync(interaction);
        Assert.Equal(completion.KnowledgeSource, (await interaction.GetAsync()).Completion!.KnowledgeSource);
    }

    [Fact]
    public async Task Bad_topic_codes_are_invalid_arguments_naming_the_code_and_change_nothing()
    {
        var (dir, interaction) = await ConnectedAsync(Channel.Voice);
        var before = await interaction.GetAsync();

        string[] bad =
        [
            "pension/indexation/2025/recalc/extra", // five levels
            "pension//recalc",
            "pension/",
            "/pension",
            "pension/ indexation",
            "housing/subsidy", // not a topic of the directory
        ];
        foreach (var code in bad)
        {
            var refused = await Assert.ThrowsAsync<ContactCenterException>(
                () => interaction.CompleteAsync(dir.Id("op"), new Completion(["pension", code], "explained", null)).AsTask());
            Assert.Equal(ErrorKind.InvalidArgument, refused.Kind);
            Assert.Contains($"'{code}'", refused.Detail);
        }

        await InvalidAsync(() => interaction.CompleteAsync(dir.Id("op"), new Completion([], "explained", null)));
        await InvalidAsync(() => interaction.CompleteAsync(dir.Id("op"), new Completion(["pension"], " ", null)));
        await InvalidAsync(() => interaction.CompleteAsync(dir.Id("op"), new Completion(["pension"], "explained", null, Complaint: new Complaint(ComplaintCategory.Other, ""))));
        await InvalidAsync(() => interaction.CompleteAsync(dir.Id("op"), new Completion(["pension"], "explained", null, Complaint: new Complaint((ComplaintCategory)0, "rude"))));
        await InvalidAsync(() => interaction.CompleteAsync(dir.Id("op"), new Completion(["pension"], "explained", new string('x', CardRules.MaxTextLength + 1))));

        await fixture.Cluster.DeactivateAsync(interaction);
        var after = await interaction.GetAsync();
        Assert.Equal(InteractionState.Connected, after.State);
        Assert.Null(after.Completion);
        Assert.Equal(before.Timeline, after.Timeline);
        Assert.Null(Assert.Single((await Grains.GetGrain<IOperatorGrain>(dir.Id("op")).GetSnapshotAsync()).Assignments).WrapUpSince);
    }

    [Fact]
    public async Task The_transcript_records_operator_and_citizen_lines_in_order_and_survives_a_deactivation()
    {
        var (dir, interaction) = await ConnectedAsync(Channel.Text);
        var asked = fixture.Time.GetUtcNow();
        await interaction.OperatorActivityAsync(dir.Id("op"), "Which region do you live in?");
        fixture.Time.Advance(TimeSpan.FromSeconds(20));
        await interaction.CitizenActivityAsync("Novosibirsk");
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        // An event without text (speech on voice, typing) restarts the limit and adds no line.
        await interaction.CitizenActivityAsync();
        await interaction.OperatorActivityAsync(dir.Id("op"));
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        await interaction.OperatorActivityAsync(dir.Id("op"), "Thank you, one moment.");

        await fixture.Cluster.DeactivateAsync(interaction);
        var card = await interaction.GetAsync();

        Assert.Equal(
            [
                new TranscriptLine(asked, OperatorActor(dir), "Which region do you live in?"),
                new TranscriptLine(asked + TimeSpan.FromSeconds(20), "citizen", "Novosibirsk"),
                new TranscriptLine(asked + TimeSpan.FromSeconds(30), OperatorActor(dir), "Thank you, one moment."),
            ],
            card.Transcript);
        Assert.Equal(3, card.TranscriptLineCount);
    }

    [Fact]
    public async Task A_message_over_4000_characters_is_refused_and_messages_need_a_connected_operator()
    {
        var dir = TestDirectory.Create().Queue("l1", channels: [Channel.Text]).Operator("op");
        await dir.ApplyAsync(Grains);
        var op = Grains.GetGrain<IOperatorGrain>(dir.Id("op"));
        // Signed in but on a break: the contact waits in the queue.
        await op.SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        var id = await TestCalls.RegisterAsync(Grains, dir, Channel.Text);
        var interaction = Grains.GetGrain<IInteractionGrain>(id);
        Assert.Equal(InteractionState.Queued, (await interaction.GetAsync()).State);

        await RefusedAsync(() => interaction.CitizenActivityAsync("Is anyone there?"));
        Assert.Equal(InteractionState.Queued, (await interaction.CitizenActivityAsync()).State);

        await op.SetStatusAsync(OperatorStatus.Available, NotReadyReason.None);
        await TestCalls.OfferedToAsync(Grains, id, dir.Id("op"));
        await interaction.AcceptAsync(dir.Id("op"));
        await InvalidAsync(() => interaction.CitizenActivityAsync(new string('a', CardRules.MaxTextLength + 1)));
        await InvalidAsync(() => interaction.OperatorActivityAsync(dir.Id("op"), new string('o', CardRules.MaxTextLength + 1)));
        var longest = await interaction.CitizenActivityAsync(new string('a', CardRules.MaxTextLength));
        Assert.Equal(CardRules.MaxTextLength, Assert.Single(longest.Transcript).Text.Length);

        await interaction.EndConversationAsync(dir.Id("op"));
        await RefusedAsync(() => interaction.CitizenActivityAsync("One more thing"));
        await RefusedAsync(() => interaction.OperatorActivityAsync(dir.Id("op"), "Goodbye"));
        Assert.Single((await interaction.GetAsync()).Transcript);
    }

    [Fact]
    public async Task The_transcript_keeps_its_latest_1000_lines_and_counts_them_all()
    {
        var (dir, interaction) = await ConnectedAsync(Channel.Text);
        var total = CardRules.TranscriptCapacity + 5;
        for (var line = 1; line <= total; line++)
        {
            await (line % 2 == 0 ? interaction.CitizenActivityAsync($"line {line}") : interaction.OperatorActivityAsync(dir.Id("op"), $"line {line}"));
        }

        var card = await interaction.GetAsync();
        Assert.Equal(total, card.TranscriptLineCount);
        Assert.Equal(CardRules.TranscriptCapacity, card.Transcript.Count);
        Assert.Equal("line 6", card.Transcript[0].Text);
        Assert.Equal($"line {total}", card.Transcript[^1].Text);
        Assert.Single(card.Timeline, e => e.Kind == TimelineKind.TranscriptTrimmed);
    }

    [Fact]
    public async Task Recording_references_are_listed_per_leg_repeats_change_nothing_and_they_arrive_after_close()
    {
        var (dir, interaction) = await ConnectedAsync(Channel.Voice);
        const string first = "https://records.example/2026/11/24/leg-1.ogg";
        const string second = "s3://cc-records/2026/11/24/leg-2.ogg";

        await interaction.AttachRecordingAsync(first);
        var repeated = await interaction.AttachRecordingAsync(first);
        Assert.Equal([first], repeated.Recordings.Select(r => r.Uri));

        await interaction.CompleteAsync(dir.Id("op"), new Completion(["pension"], "explained", null));
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await interaction.AttachRecordingAsync(second);

        await fixture.Cluster.DeactivateAsync(interaction);
        var card = await interaction.GetAsync();
        Assert.Equal(InteractionState.Closed, card.State);
        Assert.Equal([first, second], card.Recordings.Select(r => r.Uri));
        Assert.Equal(fixture.Time.GetUtcNow(), card.Recordings[1].AttachedAt);
        Assert.Equal(
            [first, second],
            card.Timeline.Where(e => e.Kind == TimelineKind.RecordingAttached).Select(e => e.Detail));
    }

    [Fact]
    public async Task A_recording_reference_that_is_not_an_absolute_uri_is_refused()
    {
        var (_, interaction) = await ConnectedAsync(Channel.Voice);
        var before = await interaction.GetAsync();

        foreach (var uri in new[] { "/records/leg-1.ogg", "records/leg-1.ogg", "leg 1", "", "https://" + new string('r', CardRules.MaxRecordingUriLength) })
        {
            await InvalidAsync(() => interaction.AttachRecordingAsync(uri));
        }

        var after = await interaction.GetAsync();
        Assert.Empty(after.Recordings);
        Assert.Equal(before.Timeline, after.Timeline);
        var unknown = await Assert.ThrowsAsync<ContactCenterException>(
            () => Grains.GetGrain<IInteractionGrain>($"unregistered-{Guid.NewGuid():N}").AttachRecordingAsync("https://records.example/x.ogg").AsTask());
        Assert.Equal(ErrorKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task A_supervisor_reviews_a_recorded_complaint_once_with_who_and_when_on_the_card()
    {
        var (dir, interaction) = await ConnectedAsync(Channel.Voice);
        await interaction.CompleteAsync(dir.Id("op"), new Completion(["pension"], "explained", null, Complaint: new Complaint(ComplaintCategory.OperatorConduct, "The operator interrupted me")));
        fixture.Time.Advance(TimeSpan.FromHours(3));
        var reviewedAt = fixture.Time.GetUtcNow();

        var reviewed = await interaction.ReviewComplaintAsync("sup-ivanova", confirmed: true, "Heard the recording; the operator interrupted twice");

        Assert.Equal(new ComplaintReview("sup-ivanova", true, "Heard the recording; the operator interrupted twice", reviewedAt), reviewed.ComplaintReview);
        var entry = Assert.Single(reviewed.Timeline, e => e.Kind == TimelineKind.ComplaintReviewed);
        Assert.Equal((reviewedAt, "supervisor:sup-ivanova", "confirmed"), (entry.At, entry.Actor, entry.Detail));

        // A retry of the same decision is answered as before; a different decision is refused.
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var retried = await interaction.ReviewComplaintAsync("sup-ivanova", confirmed: true, "Heard the recording; the operator interrupted twice");
        Assert.Equal(reviewed.ComplaintReview, retried.ComplaintReview);
        await RefusedAsync(() => interaction.ReviewComplaintAsync("sup-ivanova", confirmed: false, "Changed my mind"));
        await RefusedAsync(() => interaction.ReviewComplaintAsync("sup-petrova", confirmed: true, "Heard the recording; the operator interrupted twice"));

        await fixture.Cluster.DeactivateAsync(interaction);
        var card = await interaction.GetAsync();
        Assert.Equal(reviewed.ComplaintReview, card.ComplaintReview);
        Assert.Single(card.Timeline, e => e.Kind == TimelineKind.ComplaintReviewed);
    }

    [Fact]
    public async Task A_complaint_review_is_refused_before_the_interaction_closes_and_when_it_has_no_complaint()
    {
        var (dir, open) = await ConnectedAsync(Channel.Voice);
        await RefusedAsync(() => open.ReviewComplaintAsync("sup-ivanova", confirmed: true, null));

        await open.CompleteAsync(dir.Id("op"), new Completion(["pension"], "explained", null));
        await RefusedAsync(() => open.ReviewComplaintAsync("sup-ivanova", confirmed: false, null));
        await InvalidAsync(() => open.ReviewComplaintAsync(" ", confirmed: false, null));

        var card = await open.GetAsync();
        Assert.Null(card.ComplaintReview);
        Assert.DoesNotContain(card.Timeline, e => e.Kind == TimelineKind.ComplaintReviewed);
    }

    [Theory]
    [InlineData("pension")]
    [InlineData("pension/indexation")]
    [InlineData("pension/indexation/2025")]
    [InlineData("pension/indexation/2025/recalc")]
    public void A_topic_code_has_one_to_four_levels_under_a_directory_topic(string code) =>
        CardRules.EnsureTopicCode(code, topic => topic == "pension");

    private async Task<(TestDirectory Dir, IInteractionGrain Interaction)> ConnectedAsync(Channel channel)
    {
        var dir = TestDirectory.Create().Queue("l1", channels: [channel]).Operator("op");
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("op")).SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var connected = await TestCalls.ConnectAsync(Grains, dir, dir.Id("op"), channel);
        return (dir, Grains.GetGrain<IInteractionGrain>(connected.Id));
    }

    private static string OperatorActor(TestDirectory dir) => $"operator:{dir.Id("op")}";

    private static async Task RefusedAsync(Func<ValueTask<InteractionView>> call) =>
        Assert.Equal(ErrorKind.FailedPrecondition, (await Assert.ThrowsAsync<ContactCenterException>(() => call().AsTask())).Kind);

    private static async Task InvalidAsync(Func<ValueTask<InteractionView>> call) =>
        Assert.Equal(ErrorKind.InvalidArgument, (await Assert.ThrowsAsync<ContactCenterException>(() => call().AsTask())).Kind);
}
