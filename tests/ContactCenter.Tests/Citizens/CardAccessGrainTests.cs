using ContactCenter.Citizens;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Citizens;

/// <summary>Who sees which personal data, the audit trail of every access, and the history across calls.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CardAccessGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task The_first_line_sees_masked_personal_data_and_the_identified_second_line_sees_it_in_full()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        const string snils = "029-478-248 91";
        var phone = $"+7918{Random.Shared.Next(0, 1000):D3}9887";
        var cardId = await IdentifiedWithEmailAsync(desk, phone, snils);

        var firstLineCall = await desk.OnFirstLineAsync(phone);
        var masked = await desk.Access.GetCardAsync(Caller.Operator(desk.First), firstLineCall);

        Assert.Equal((PersonalDataAccess.Masked, cardId), (masked.Access, masked.Card.CardId));
        Assert.Equal("***-***-248 91", masked.Card.Snils);
        Assert.Equal(["+7 *** *** 98 87"], masked.Card.Phones);
        Assert.Equal("o***@mail.ru", masked.Card.Email);
        Assert.Equal(("И***", CitizenDesk.Name, CitizenDesk.Patronymic), (masked.Card.Surname, masked.Card.Name, masked.Card.Patronymic));

        await desk.Interaction(firstLineCall).TransferAsync(desk.First, new TransferRequest(TransferKind.SecondLine, desk.Dir.Organisation));
        await TestCalls.OfferedToAsync(Grains, firstLineCall, desk.Second);
        await desk.Interaction(firstLineCall).AcceptAsync(desk.Second);
        Assert.Equal(PersonalDataAccess.Masked, (await desk.Access.GetCardAsync(Caller.Operator(desk.Second), firstLineCall)).Access);

        await desk.IdentifyAsync(firstLineCall, snils, code: CitizenDesk.Code);
        var full = await desk.Access.GetCardAsync(Caller.Operator(desk.Second), firstLineCall);

        Assert.Equal(PersonalDataAccess.Full, full.Access);
        Assert.Equal(("029-478-248 91", CitizenDesk.Surname, "olga.ivanova@mail.ru"), (full.Card.Snils, full.Card.Surname, full.Card.Email));
        Assert.Equal([phone], full.Card.Phones);
    }

    [Fact]
    public async Task Operators_of_another_organisation_and_operators_not_holding_the_interaction_are_denied()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var outsider = TestDirectory.Create().Queue("l2", line: Line.Second).Operator("outsider", lines: [Line.Second]);
        await outsider.ApplyAsync(Grains);
        var id = await desk.OnFirstLineAsync(CitizenDesk.NewPhone());

        var otherOrganisation = await DeniedAsync(() => desk.Access.GetCardAsync(Caller.Operator(outsider.Id("outsider")), id));
        Assert.Contains(outsider.Organisation, otherOrganisation.Detail);
        var notHolding = await DeniedAsync(() => desk.Access.GetCardAsync(Caller.Operator(desk.Second), id));
        Assert.Contains("does not hold", notHolding.Detail);
        await DeniedAsync(() => desk.Access.GetCardAsync(Caller.Operator("nobody"), id));
        await DeniedAsync(() => desk.Access.GetCardAsync(Caller.Supervisor("sv", outsider.Organisation), id));

        // Once the interaction moved on, its former operator no longer reads the card.
        await desk.Interaction(id).TransferAsync(desk.First, new TransferRequest(TransferKind.SecondLine, desk.Dir.Organisation));
        await DeniedAsync(() => desk.Access.GetCardAsync(Caller.Operator(desk.First), id));
        Assert.Equal(PersonalDataAccess.Full, (await desk.Access.GetCardAsync(Caller.Supervisor("sv", desk.Dir.Organisation), id)).Access);
    }

    [Fact]
    public async Task Every_access_is_in_the_audit_trail_that_supervisors_of_the_organisation_read()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var phone = CitizenDesk.NewPhone();
        var snils = CitizenDesk.NewSnils();
        var before = await desk.RegisteredCitizenAsync(phone, snils);
        var id = await desk.OnFirstLineAsync(phone);
        var supervisor = Caller.Supervisor("sv-1", desk.Dir.Organisation);

        await desk.Access.GetCardAsync(Caller.Operator(desk.First), id);
        await desk.Access.GetCardAsync(Caller.Operator(desk.First), id);
        await desk.Access.GetCardAsync(supervisor, id);
        await Assert.ThrowsAsync<ContactCenterException>(() => desk.Access.GetCardAsync(Caller.Operator(desk.Second), id).AsTask());

        var trail = await desk.Access.GetAuditAsync(supervisor, new AuditQuery(null, id, null, 0));
        Assert.Equal(
            [(CallerRole.Supervisor, "sv-1", PersonalDataAccess.Full), (CallerRole.Operator, desk.First, PersonalDataAccess.Masked), (CallerRole.Operator, desk.First, PersonalDataAccess.Masked)],
            trail.Select(e => (e.Role, e.ActorId, e.Mode)));
        Assert.All(trail, e => Assert.Equal((AuditAccess.Read, id, desk.Dir.Organisation), (e.Access, e.InteractionId, e.OrganisationId)));
        Assert.All(trail, e => Assert.Equal(
            [CardFields.Surname, CardFields.Name, CardFields.Patronymic, CardFields.Phones, CardFields.Snils, CardFields.SecretCodePhone], e.Fields));

        // The whole card's trail holds the earlier call too: identification, the code being set, the reads.
        var card = (await desk.Interaction(id).GetAsync()).CitizenCardId;
        var whole = await desk.Access.GetAuditAsync(supervisor, new AuditQuery(card, null, null, 0));
        Assert.Contains(whole, e => e.InteractionId == before && e.Access == AuditAccess.Identify && e.Fields.Contains(CardFields.Snils));
        Assert.Contains(whole, e => e.InteractionId == before && e.Access == AuditAccess.Update && e.Fields.Contains(CardFields.SecretCode));
        Assert.Equal(whole.OrderByDescending(e => e.At).Select(e => e.Id), whole.Select(e => e.Id));

        Assert.Empty(await desk.Access.GetAuditAsync(Caller.Supervisor("sv-2", "another-org"), new AuditQuery(card, null, null, 0)));
        await DeniedAsync(() => desk.Access.GetAuditAsync(Caller.Operator(desk.First), new AuditQuery(card, null, null, 0)));
    }

    [Fact]
    public async Task A_card_that_missed_a_registration_hears_of_it_when_the_gateway_retries()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var phone = CitizenDesk.NewPhone();
        var cardId = await Grains.GetGrain<IPhoneIndexGrain>(phone).GetOrAssignCardIdAsync();
        var card = Grains.GetGrain<ICitizenCardGrain>(cardId);
        var id = $"{desk.Dir.Id("i")}-retried";
        var registration = new Registration(Channel.Voice, phone, TestDirectory.Moscow, "ru", null, desk.Dir.Organisation, [], TimeSpan.Zero);
        fixture.Gate.RefuseOnce(card.GetGrainId(), nameof(ICitizenCardGrain.AttachInteractionAsync));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => desk.Interaction(id).RegisterAsync(registration).AsTask());
        Assert.Contains("refused by the test", refused.Message);
        Assert.DoesNotContain(id, (await card.GetAsync()).History.Select(h => h.InteractionId));

        // The contact was placed all the same (the card is told alongside the placing): its operator is offered it.
        await TestCalls.OfferedToAsync(Grains, id, desk.First);

        var retried = await desk.Interaction(id).RegisterAsync(registration);

        Assert.Equal((cardId, InteractionState.Offered), (retried.CitizenCardId, retried.State));
        Assert.Equal([id], (await card.GetAsync()).History.Select(h => h.InteractionId));

        // A second retry finds it there and lists it once.
        await desk.Interaction(id).RegisterAsync(registration);
        Assert.Equal([id], (await card.GetAsync()).History.Select(h => h.InteractionId));
    }

    [Fact]
    public async Task History_is_visible_on_the_next_interaction_of_the_same_citizen_at_both_lines()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var phone = CitizenDesk.NewPhone();
        var earlier = await desk.OnFirstLineAsync(phone);
        await desk.CompleteAsync(earlier, desk.First, "pension/indexation", "general/child-benefit");
        fixture.Time.Advance(TimeSpan.FromSeconds(1));

        var id = await desk.OnFirstLineAsync(phone);
        var atFirstLine = await desk.Access.GetCardAsync(Caller.Operator(desk.First), id);

        Assert.Equal([id, earlier], atFirstLine.Card.History.Select(h => h.InteractionId));
        var previous = atFirstLine.Card.History[1];
        Assert.Equal((Channel.Voice, desk.Dir.Organisation, InteractionOutcome.Resolved, true), (previous.Channel, previous.OrganisationId, previous.Outcome, previous.Settled));
        Assert.Equal(["pension/indexation", "general/child-benefit"], previous.Topics);
        Assert.False(atFirstLine.Card.History[0].Settled);

        await desk.Interaction(id).TransferAsync(desk.First, new TransferRequest(TransferKind.SecondLine, desk.Dir.Organisation));
        await TestCalls.OfferedToAsync(Grains, id, desk.Second);
        await desk.Interaction(id).AcceptAsync(desk.Second);
        var atSecondLine = await desk.Access.GetCardAsync(Caller.Operator(desk.Second), id);
        Assert.Equal([id, earlier], atSecondLine.Card.History.Select(h => h.InteractionId));
        Assert.Equal(["pension/indexation", "general/child-benefit"], atSecondLine.Card.History[1].Topics);
    }

    [Fact]
    public async Task The_first_line_records_service_fields_and_consent_but_personal_fields_need_full_access()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var id = await desk.OnFirstLineAsync(CitizenDesk.NewPhone());
        var first = Caller.Operator(desk.First);

        var updated = await desk.Access.UpdateCardAsync(first, id, new CitizenCardUpdate(
            PreferredLanguage: "kk", CommunicationNeeds: [CommunicationNeed.HearingImpairment], Consent: new ConsentStatement(true, "voice")));
        Assert.Equal(("kk", PersonalDataAccess.Masked), (updated.Card.PreferredLanguage, updated.Access));
        Assert.Equal([CommunicationNeed.HearingImpairment], updated.Card.CommunicationNeeds);
        Assert.Equal((true, "voice", $"operator:{desk.First}", id), (updated.Card.Consent!.Given, updated.Card.Consent.Method, updated.Card.Consent.RecordedBy, updated.Card.Consent.InteractionId));

        var personal = await DeniedAsync(() => desk.Access.UpdateCardAsync(first, id, new CitizenCardUpdate(Email: "olga@mail.ru")));
        Assert.Contains(CardFields.Email, personal.Detail);
        var badEmail = await Assert.ThrowsAsync<ContactCenterException>(() => desk.Access.UpdateCardAsync(first, id, new CitizenCardUpdate(Email: "olga")).AsTask());
        Assert.Equal(ErrorKind.InvalidArgument, badEmail.Kind);
        var badRegion = await Assert.ThrowsAsync<ContactCenterException>(() => desk.Access.UpdateCardAsync(first, id, new CitizenCardUpdate(RegionId: "RU-XXX")).AsTask());
        Assert.Equal(ErrorKind.InvalidArgument, badRegion.Kind);

        var supervisor = Caller.Supervisor("sv", desk.Dir.Organisation);
        var byTheSupervisor = await desk.Access.UpdateCardAsync(supervisor, id, new CitizenCardUpdate(Email: "olga@mail.ru", Phones: ["+7 (918) 000-11-22"]));
        Assert.Equal(("olga@mail.ru", PersonalDataAccess.Full), (byTheSupervisor.Card.Email, byTheSupervisor.Access));
        Assert.Equal(["+79180001122"], byTheSupervisor.Card.Phones);
        var trail = await desk.Access.GetAuditAsync(supervisor, new AuditQuery(null, id, null, 0));
        Assert.Contains(trail, e => e.Access == AuditAccess.Update && e.ActorId == "sv" && e.Fields.SequenceEqual([CardFields.Phones, CardFields.Email]));
        Assert.Contains(trail, e => e.Access == AuditAccess.Update && e.ActorId == desk.First && e.Fields.Contains(CardFields.Consent));
    }

    [Fact]
    public async Task Open_deferred_requests_show_on_the_card_until_removed()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var id = await desk.OnFirstLineAsync(CitizenDesk.NewPhone());
        var cardId = (await desk.Interaction(id).GetAsync()).CitizenCardId!;
        var card = Grains.GetGrain<ICitizenCardGrain>(cardId);
        var now = fixture.Time.GetUtcNow();

        await card.AddDeferredAsync(id, now.AddHours(2), now.AddHours(8));
        await card.AddDeferredAsync(id, now.AddHours(3), now.AddHours(8));
        var shown = await desk.Access.GetCardAsync(Caller.Operator(desk.First), id);
        Assert.Equal(new DeferredRequest(id, now.AddHours(3), now.AddHours(8)), Assert.Single(shown.Card.Deferred!));

        await card.RemoveDeferredAsync(id);
        Assert.Empty((await desk.Access.GetCardAsync(Caller.Operator(desk.First), id)).Card.Deferred!);
    }

    /// <summary>A citizen identified on an earlier call from <paramref name="phone"/>, with a secret code and an e-mail on the card.</summary>
    private static async Task<string> IdentifiedWithEmailAsync(CitizenDesk desk, string phone, string snils)
    {
        var id = await desk.OnSecondLineAsync(phone);
        await desk.IdentifyAsync(id, snils);
        await desk.Access.SetSecretCodeAsync(desk.Second, id, new SecretCodeRegistration(CitizenDesk.Code, string.Empty, null));
        await desk.IdentifyAsync(id, snils, code: CitizenDesk.Code);
        var read = await desk.Access.UpdateCardAsync(Caller.Operator(desk.Second), id, new CitizenCardUpdate(Email: "olga.ivanova@mail.ru"));
        await desk.CompleteAsync(id, desk.Second, "pension");
        return read.Card.CardId;
    }

    private static async Task<ContactCenterException> DeniedAsync<T>(Func<ValueTask<T>> call)
    {
        var error = await Assert.ThrowsAsync<ContactCenterException>(() => call().AsTask());
        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        return error;
    }
}
