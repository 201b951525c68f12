using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;
using Grpc.Core;

namespace ContactCenter.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFixture api)
{
    private static RegisterInteractionRequest ValidCall() => new()
    {
        Channel = Channel.Voice,
        CallerNumber = "+79001112233",
        RegionId = "RU-MOW",
        Language = "ru",
        TopicId = "pension",
    };

    public static TheoryData<string, Action<RegisterInteractionRequest>, StatusCode, string> BadRegistrations => new()
    {
        { "no channel", r => r.Channel = Channel.Unspecified, StatusCode.InvalidArgument, "channel is required" },
        { "letters in the number", r => r.CallerNumber = "call me", StatusCode.InvalidArgument, "caller_number 'call me' is not a phone number" },
        { "no region", r => r.RegionId = "", StatusCode.InvalidArgument, "region_id is required" },
        { "no language", r => r.Language = "", StatusCode.InvalidArgument, "language must be" },
        { "unknown region", r => r.RegionId = "RU-XXX", StatusCode.NotFound, "region 'RU-XXX' is not in the directory" },
        { "unknown organisation", r => r.OrganisationId = "NOPE", StatusCode.NotFound, "organisation 'NOPE' is not in the directory" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task A_bad_registration_gets_a_status_that_names_the_problem(string why, Action<RegisterInteractionRequest> spoil, StatusCode expected, string message)
    {
        var request = ValidCall();
        spoil(request);

        var error = await Assert.ThrowsAsync<RpcException>(() => api.Routing.RegisterInteractionAsync(request).ResponseAsync);

        Assert.True(expected == error.StatusCode, $"{why}: got {error.StatusCode} {error.Status.Detail}");
        Assert.Contains(message, error.Status.Detail);
    }

    [Fact]
    public async Task Signing_in_an_operator_the_directory_does_not_know_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => api.Desk.SignInAsync(new SignInRequest { OperatorId = "op-ghost" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("operator 'op-ghost'", error.Status.Detail);
    }

    [Fact]
    public async Task Reading_an_interaction_that_was_never_registered_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            api.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = "i-unknown" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Accepting_an_offer_made_to_someone_else_fails_the_precondition_and_changes_nothing()
    {
        // Nobody from MSE's 2nd line in Moscow is signed in, so the call waits in its queue.
        var registered = await api.Routing.RegisterInteractionAsync(new RegisterInteractionRequest(ValidCall())
        {
            TopicId = "disability-assessment",
            CallerNumber = "+79001112244",
            RegionId = "RU-MOW",
        });
        var id = registered.Interaction.Id;

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            api.Desk.AcceptOfferAsync(new InteractionRequest { OperatorId = "op-ivanova", InteractionId = id }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("has no open offer for operator 'op-ivanova'", error.Status.Detail);
        var after = await api.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id });
        Assert.Equal(registered.Interaction.State, after.State);
        Assert.Equal(registered.Interaction.Timeline.Count, after.Timeline.Count);
    }

    [Fact]
    public async Task Setting_a_status_that_cannot_be_set_is_rejected_with_the_reason()
    {
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = "op-volkov", InitialStatus = OperatorStatus.NotReady, Reason = NotReadyReason.Training });

        var busy = await Assert.ThrowsAsync<RpcException>(() =>
            api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = "op-volkov", Status = OperatorStatus.Busy }).ResponseAsync);
        var noReason = await Assert.ThrowsAsync<RpcException>(() =>
            api.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = "op-volkov", Status = OperatorStatus.NotReady }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, busy.StatusCode);
        Assert.Contains("Busy follows from the workload", busy.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        var state = await api.Desk.GetStateAsync(new OperatorRequest { OperatorId = "op-volkov" });
        Assert.Equal(OperatorStatus.NotReady, state.Status);
        Assert.Equal(NotReadyReason.Training, state.Reason);
    }
}
