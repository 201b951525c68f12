using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Directory;

[Collection(ClusterCollection.Name)]
public sealed class ServiceInterruptionGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private IDirectoryGrain Directory => Grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey);

    private IServiceStatusGrain Status => Grains.GetGrain<IServiceStatusGrain>(0);

    [Fact]
    public async Task An_organisation_interruption_is_announced_on_registration_and_in_the_status_until_it_is_ended()
    {
        var dir = await StaffedAsync(TestDirectory.Create().Queue("l1").Operator("on-break"));
        var restoration = fixture.Time.GetUtcNow().AddHours(2);

        var declared = await Directory.DeclareInterruptionAsync(new InterruptionDeclaration(
            dir.Organisation, null, InterruptionKind.Unplanned, "telephony provider outage", null, restoration, ["web chat", "Telegram @test_bot"]));

        Assert.Equal(fixture.Time.GetUtcNow(), declared.StartedAt);
        var during = await RegisterAsync(dir, Channel.Voice);
        var announced = Assert.Single(during.Interruptions);
        Assert.Equal(declared.Id, announced.Id);
        Assert.Equal(["web chat", "Telegram @test_bot"], announced.AlternativeChannels);
        Assert.Equal(InteractionState.Queued, during.State);
        var status = await Status.GetAsync(dir.Organisation, null);
        Assert.True(status.IsActive(Assert.Single(status.Interruptions)));

        var ended = await Directory.EndInterruptionAsync(declared.Id);

        Assert.Equal(fixture.Time.GetUtcNow(), ended.EndedAt);
        Assert.Empty((await RegisterAsync(dir, Channel.Voice)).Interruptions);
        Assert.Empty((await Status.GetAsync(dir.Organisation, null)).Interruptions);
        var again = await Assert.ThrowsAsync<ContactCenterException>(() => Directory.EndInterruptionAsync(declared.Id).AsTask());
        Assert.Equal(ErrorKind.NotFound, again.Kind);
    }

    [Fact]
    public async Task A_queue_interruption_concerns_that_queue_and_not_the_organisations_other_queues()
    {
        var dir = await StaffedAsync(TestDirectory.Create()
            .Queue("voice", channels: [Channel.Voice])
            .Queue("chat", channels: [Channel.Text])
            .Operator("on-break"));

        var declared = await Directory.DeclareInterruptionAsync(new InterruptionDeclaration(
            null, dir.Id("voice"), InterruptionKind.Planned, "switch maintenance", null, null, ["web chat"]));

        Assert.Equal(dir.Organisation, declared.OrganisationId);
        Assert.Single((await RegisterAsync(dir, Channel.Voice)).Interruptions);
        Assert.Empty((await RegisterAsync(dir, Channel.Text)).Interruptions);
        Assert.Single((await Status.GetAsync(null, dir.Id("voice"))).Interruptions);
        Assert.Empty((await Status.GetAsync(null, dir.Id("chat"))).Interruptions);
        Assert.Single((await Status.GetAsync(dir.Organisation, null)).Interruptions);
        await Directory.EndInterruptionAsync(declared.Id);
    }

    [Fact]
    public async Task A_planned_interruption_declared_ahead_is_announced_only_from_its_start()
    {
        var dir = await StaffedAsync(TestDirectory.Create().Queue("l1").Operator("on-break"));
        var start = fixture.Time.GetUtcNow().AddHours(1);

        var declared = await Directory.DeclareInterruptionAsync(new InterruptionDeclaration(
            dir.Organisation, null, InterruptionKind.Planned, "software upgrade", start, start.AddHours(3), []));

        Assert.Empty((await RegisterAsync(dir, Channel.Voice)).Interruptions);
        var ahead = await Status.GetAsync(dir.Organisation, null);
        Assert.False(ahead.IsActive(Assert.Single(ahead.Interruptions)));

        fixture.Time.Advance(TimeSpan.FromHours(1));

        Assert.Single((await RegisterAsync(dir, Channel.Voice)).Interruptions);
        var started = await Status.GetAsync(dir.Organisation, null);
        Assert.True(started.IsActive(Assert.Single(started.Interruptions)));
        await Directory.EndInterruptionAsync(declared.Id);
    }

    [Fact]
    public async Task An_interruption_that_would_be_restored_before_it_starts_is_refused_and_nothing_is_stored()
    {
        var dir = TestDirectory.Create().Queue("l1");
        await dir.ApplyAsync(Grains);
        var now = fixture.Time.GetUtcNow();

        var error = await Assert.ThrowsAsync<ContactCenterException>(() => Directory.DeclareInterruptionAsync(new InterruptionDeclaration(
            dir.Organisation, null, InterruptionKind.Planned, "upgrade", now, now.AddMinutes(-1), [])).AsTask());

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("expected_restoration_at: must be after started_at", error.Detail);
        Assert.Empty((await Status.GetAsync(dir.Organisation, null)).Interruptions);
    }

    private async Task<TestDirectory> StaffedAsync(TestDirectory dir)
    {
        await dir.ApplyAsync(Grains);
        await Grains.GetGrain<IOperatorGrain>(dir.Id("on-break")).SignInAsync(OperatorStatus.NotReady, NotReadyReason.Break);
        return dir;
    }

    private async Task<InteractionView> RegisterAsync(TestDirectory dir, Channel channel)
    {
        var registration = new Registration(channel, "+79001234567", TestDirectory.Moscow, "ru", null, dir.Organisation, [], TimeSpan.Zero);
        return await Grains.GetGrain<IInteractionGrain>($"{dir.Id("i")}-{Guid.NewGuid():N}").RegisterAsync(registration);
    }
}
