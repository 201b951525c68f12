using ContactCenter.Api.Protos;
using ContactCenter.Api.Security;
using ContactCenter.Tests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ContactCenter.Tests.Api;

/// <summary>The interaction card through the desk, gateway and admin gRPC services.</summary>
[Collection(ApiCollection.Name)]
public sealed class CardApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_chat_with_its_transcript_recording_card_fields_and_reviewed_complaint_reads_back_on_the_card()
    {
        var dir = await StaffedAsync();
        var id = await ConnectAsync(dir);
        var op = dir.Id("op");
        var started = api.Time.GetUtcNow();

        await api.Desk.SendMessageAsync(new SendMessageRequest { OperatorId = op, InteractionId = id, Text = "Hello! What is your question?" });
        api.Time.Advance(TimeSpan.FromSeconds(30));
        await api.Routing.ReportCitizenActivityAsync(new CitizenActivityRequest { InteractionId = id, Text = "My pension went down in January" });
        await api.Routing.AttachRecordingAsync(new AttachRecordingRequest { InteractionId = id, RecordingUri = "https://records.example/chat/1.json" });

        var closed = await api.Desk.CompleteInteractionAsync(new CompleteInteractionRequest
        {
            OperatorId = op,
            InteractionId = id,
            Topics = { "pension/indexation/2025/recalc" },
            Questions = { "Why did my pension go down?" },
            Answer = "It was recalculated after the indexation; a letter explains the amounts.",
            Comment = "Citizen was upset",
            KnowledgeSource = "Knowledge base: Pension indexation 2025",
            Complaint = new Complaint { Category = ComplaintCategory.IncorrectInformation, Text = "Was told last month the pension would not change" },
        });
        var reviewed = await api.Supervising(dir.Organisation).ReviewComplaintAsync(new ReviewComplaintRequest
        {
            InteractionId = id,
            SupervisorId = "sup-ivanova",
            Confirmed = true,
            Note = "The previous answer was wrong",
        });

        Assert.Equal((InteractionState.Closed, InteractionOutcome.Resolved), (closed.State, closed.Outcome));
        var card = await api.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id });
        Assert.Equal(["pension/indexation/2025/recalc"], card.Topics);
        Assert.Equal(["Why did my pension go down?"], card.Questions);
        Assert.Equal("It was recalculated after the indexation; a letter explains the amounts.", card.Answer);
        Assert.Equal("Citizen was upset", card.Comment);
        Assert.Equal("Knowledge base: Pension indexation 2025", card.KnowledgeSource);
        Assert.Equal(new Complaint { Category = ComplaintCategory.IncorrectInformation, Text = "Was told last month the pension would not change" }, card.Complaint);
        Assert.Equal(
            new ComplaintReview { SupervisorId = "sup-ivanova", Confirmed = true, Note = "The previous answer was wrong", ReviewedAt = Timestamp.FromDateTimeOffset(api.Time.GetUtcNow()) },
            card.ComplaintReview);
        Assert.Equal(reviewed, card);
        Assert.Equal(
            [
                new TranscriptLine { At = Timestamp.FromDateTimeOffset(started), Author = $"operator:{op}", Text = "Hello! What is your question?" },
                new TranscriptLine { At = Timestamp.FromDateTimeOffset(started + TimeSpan.FromSeconds(30)), Author = "citizen", Text = "My pension went down in January" },
            ],
            card.Transcript);
        Assert.Equal(2, card.TranscriptLineCount);
        Assert.Equal(["https://records.example/chat/1.json"], card.Recordings.Select(r => r.Uri));
        Assert.Equal(
            ["RecordingAttached", "Completed", "ComplaintRecorded", "ComplaintReviewed"],
            card.Timeline.Select(e => e.Kind).Where(k => k is "RecordingAttached" or "Completed" or "ComplaintRecorded" or "ComplaintReviewed"));
    }

    [Fact]
    public async Task Bad_card_input_is_invalid_argument_and_changes_nothing()
    {
        var dir = await StaffedAsync();
        var id = await ConnectAsync(dir);
        var op = dir.Id("op");
        var before = await api.CardAsync(id);
        var complete = new CompleteInteractionRequest { OperatorId = op, InteractionId = id, Topics = { "pension" }, Answer = "explained" };

        var fiveLevels = await ApiCalls.FailsAsync(StatusCode.InvalidArgument, api.Desk.CompleteInteractionAsync(new CompleteInteractionRequest(complete) { Topics = { "pension/a/b/c/d" } }).ResponseAsync);
        Assert.Contains("'pension/a/b/c/d'", fiveLevels.Status.Detail);
        var unknown = await ApiCalls.FailsAsync(StatusCode.InvalidArgument, api.Desk.CompleteInteractionAsync(new CompleteInteractionRequest(complete) { Topics = { "housing" } }).ResponseAsync);
        Assert.Contains("'housing'", unknown.Status.Detail);
        await ApiCalls.FailsAsync(StatusCode.InvalidArgument, api.Desk.CompleteInteractionAsync(new CompleteInteractionRequest(complete) { Complaint = new Complaint { Text = "rude" } }).ResponseAsync);
        await ApiCalls.FailsAsync(StatusCode.InvalidArgument, api.Desk.SendMessageAsync(new SendMessageRequest { OperatorId = op, InteractionId = id, Text = new string('x', 4_001) }).ResponseAsync);
        await ApiCalls.FailsAsync(StatusCode.InvalidArgument, api.Routing.ReportCitizenActivityAsync(new CitizenActivityRequest { InteractionId = id, Text = new string('x', 4_001) }).ResponseAsync);
        await ApiCalls.FailsAsync(StatusCode.InvalidArgument, api.Routing.AttachRecordingAsync(new AttachRecordingRequest { InteractionId = id, RecordingUri = "/records/1.ogg" }).ResponseAsync);
        await ApiCalls.FailsAsync(StatusCode.FailedPrecondition, api.Supervising(dir.Organisation).ReviewComplaintAsync(new ReviewComplaintRequest { InteractionId = id, SupervisorId = "sup-ivanova", Confirmed = true }).ResponseAsync);
        await ApiCalls.FailsAsync(StatusCode.InvalidArgument, api.Supervising(dir.Organisation).ReviewComplaintAsync(new ReviewComplaintRequest { InteractionId = id }).ResponseAsync);

        Assert.Equal(before, await api.CardAsync(id));
    }

    [Fact]
    public async Task A_gateway_reporting_activity_in_the_old_request_shape_still_restarts_the_inactivity_limit()
    {
        var dir = await StaffedAsync();
        var id = await ConnectAsync(dir);
        api.Time.Advance(TimeSpan.FromMinutes(4));

        // What a gateway built before the text field sends: the GetInteractionRequest message.
        var oldShape = new Method<GetInteractionRequest, Interaction>(
            MethodType.Unary,
            "contactcenter.v1.RoutingService",
            "ReportCitizenActivity",
            Marshallers.Create(r => r.ToByteArray(), GetInteractionRequest.Parser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), Interaction.Parser.ParseFrom));
        var card = await api.Channel.CreateCallInvoker().AsyncUnaryCall(oldShape, null, new CallOptions(new Metadata { { "authorization", $"Bearer {api.TokenFor(Caller.Gateway())}" } }), new GetInteractionRequest { InteractionId = id });

        Assert.Equal(InteractionState.Connected, card.State);
        Assert.Equal(Timestamp.FromDateTimeOffset(api.Time.GetUtcNow() + TimeSpan.FromMinutes(5)), card.InactivityDeadline);
        Assert.Empty(card.Transcript);
    }

    private async Task<TestDirectory> StaffedAsync()
    {
        var dir = TestDirectory.Create().Queue("chat", channels: [ContactCenter.Model.Channel.Text]).Operator("op");
        await dir.ApplyAsync(api.Grains);
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("op") });
        return dir;
    }

    private async Task<string> ConnectAsync(TestDirectory dir)
    {
        var id = await api.RegisterAsync(dir, Channel.Text);
        await api.AcceptWhenOfferedAsync(id, dir.Id("op"));
        return id;
    }
}
