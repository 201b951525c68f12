using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace ContactCenter.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ServiceInterruptionApiTests(ApiFixture api)
{
    [Fact]
    public async Task Gateways_learn_a_declared_interruption_from_the_status_and_the_registration_until_the_admin_ends_it()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("agent");
        await dir.ApplyAsync(api.Grains);
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("agent"), InitialStatus = OperatorStatus.NotReady, Reason = NotReadyReason.Meeting });
        var restoration = Timestamp.FromDateTimeOffset(api.Time.GetUtcNow().AddHours(4));

        var declared = await api.Admin.DeclareInterruptionAsync(new DeclareInterruptionRequest
        {
            OrganisationId = dir.Organisation,
            Kind = InterruptionKind.Unplanned,
            Reason = "data centre power failure",
            ExpectedRestorationAt = restoration,
            AlternativeChannels = { "web chat at example.gov", "Telegram @example_bot" },
        });

        var status = await api.Routing.GetServiceStatusAsync(new GetServiceStatusRequest { OrganisationId = dir.Organisation });
        Assert.True(status.Interrupted);
        var announced = Assert.Single(status.Interruptions);
        Assert.Equal(declared, announced);
        Assert.Equal(InterruptionKind.Unplanned, announced.Kind);
        Assert.Equal(restoration, announced.ExpectedRestorationAt);
        Assert.Equal(["web chat at example.gov", "Telegram @example_bot"], announced.AlternativeChannels);
        Assert.True(string.IsNullOrEmpty(announced.QueueId));
        var queueStatus = await api.Routing.GetServiceStatusAsync(new GetServiceStatusRequest { QueueId = dir.Id("l1") });
        Assert.True(queueStatus.Interrupted);

        var registered = await api.Routing.RegisterInteractionAsync(Call(dir));
        Assert.Equal(declared, Assert.Single(registered.Interruptions));

        var ended = await api.Admin.EndInterruptionAsync(new EndInterruptionRequest { InterruptionId = declared.Id });

        Assert.Equal(Timestamp.FromDateTimeOffset(api.Time.GetUtcNow()), ended.EndedAt);
        Assert.False((await api.Routing.GetServiceStatusAsync(new GetServiceStatusRequest { OrganisationId = dir.Organisation })).Interrupted);
        Assert.Empty((await api.Routing.RegisterInteractionAsync(Call(dir))).Interruptions);
        var again = await Assert.ThrowsAsync<RpcException>(() => api.Admin.EndInterruptionAsync(new EndInterruptionRequest { InterruptionId = declared.Id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
    }

    public static TheoryData<string, Action<DeclareInterruptionRequest>, string> BadDeclarations => new()
    {
        { "no target", r => r.OrganisationId = "", "organisation_id or queue_id is required" },
        { "unknown organisation", r => r.OrganisationId = "NOPE", "organisation_id: unknown organisation 'NOPE'" },
        { "unknown queue", r => r.QueueId = "q-nowhere", "queue_id: unknown queue 'q-nowhere'" },
        { "queue of another organisation", r => r.QueueId = "mse-l1", "organisation_id: queue 'mse-l1' belongs to 'MSE', not 'SFR'" },
        { "no kind", r => r.Kind = InterruptionKind.Unspecified, "kind: INTERRUPTION_KIND_PLANNED or INTERRUPTION_KIND_UNPLANNED is required" },
        { "no reason", r => r.Reason = " ", "reason: is required" },
        { "restored before it starts", r => r.ExpectedRestorationAt = Timestamp.FromDateTimeOffset(r.StartedAt.ToDateTimeOffset().AddMinutes(-5)), "expected_restoration_at: must be after started_at" },
        { "empty alternative channel", r => r.AlternativeChannels.Add(""), "alternative_channels[1]: is empty" },
    };

    [Theory]
    [MemberData(nameof(BadDeclarations))]
    public async Task A_bad_interruption_declaration_is_invalid_and_names_the_field(string why, Action<DeclareInterruptionRequest> spoil, string message)
    {
        var request = new DeclareInterruptionRequest
        {
            OrganisationId = "SFR",
            Kind = InterruptionKind.Planned,
            Reason = "upgrade",
            StartedAt = Timestamp.FromDateTimeOffset(api.Time.GetUtcNow().AddDays(30)),
            ExpectedRestorationAt = Timestamp.FromDateTimeOffset(api.Time.GetUtcNow().AddDays(30).AddHours(2)),
            AlternativeChannels = { "web chat" },
        };
        spoil(request);

        var error = await Assert.ThrowsAsync<RpcException>(() => api.Admin.DeclareInterruptionAsync(request).ResponseAsync);

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{why}: got {error.StatusCode} {error.Status.Detail}");
        Assert.Contains(message, error.Status.Detail);
        Assert.Empty((await api.Routing.GetServiceStatusAsync(new GetServiceStatusRequest { OrganisationId = "SFR" })).Interruptions);
    }

    [Fact]
    public async Task Asking_the_status_of_an_unknown_organisation_is_not_found_and_of_nothing_is_invalid()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            api.Routing.GetServiceStatusAsync(new GetServiceStatusRequest { OrganisationId = "NOPE" }).ResponseAsync);
        var nothing = await Assert.ThrowsAsync<RpcException>(() =>
            api.Routing.GetServiceStatusAsync(new GetServiceStatusRequest()).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, nothing.StatusCode);
        Assert.Contains("organisation_id or queue_id is required", nothing.Status.Detail);
    }

    private static RegisterInteractionRequest Call(TestDirectory dir) => new()
    {
        Channel = Channel.Voice,
        CallerNumber = "+79001117700",
        RegionId = TestDirectory.Moscow,
        Language = "ru",
        OrganisationId = dir.Organisation,
    };
}
