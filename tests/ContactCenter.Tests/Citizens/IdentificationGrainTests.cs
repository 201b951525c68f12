using ContactCenter.Citizens;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Citizens;

/// <summary>Identification per seed 003, on the in-process cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdentificationGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Snils_and_full_name_identify_at_the_primary_level_and_the_callers_card_becomes_the_citizens()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var phone = CitizenDesk.NewPhone();
        var snils = CitizenDesk.NewSnils();
        var id = await desk.OnSecondLineAsync(phone);
        var provisionalId = (await desk.Interaction(id).GetAsync()).CitizenCardId;

        var result = await desk.IdentifyAsync(id, Snils.Format(snils));

        Assert.Equal((IdentificationOutcome.Identified, IdentificationLevel.Primary, IdentificationMethod.SnilsAndName),
            (result.Attempt.Outcome, result.Attempt.Level, result.Attempt.Method));
        Assert.Equal(provisionalId, result.Attempt.CardId);
        Assert.Equal(provisionalId, await Grains.GetGrain<ISnilsIndexGrain>(snils).GetAsync());
        var card = await Grains.GetGrain<ICitizenCardGrain>(provisionalId!).GetAsync();
        Assert.False(card.Provisional);
        Assert.Equal((snils, CitizenDesk.Surname, CitizenDesk.Name), (card.Snils, card.Surname, card.Name));

        // Primary identification does not open personal data: the card stays masked.
        Assert.Equal(PersonalDataAccess.Masked, result.Card!.Access);
        var interaction = await desk.Interaction(id).GetAsync();
        Assert.Equal(IdentificationLevel.Primary, interaction.Identification);
        Assert.Contains(interaction.Timeline, e => e.Kind == TimelineKind.CitizenIdentified && e.Actor == $"operator:{desk.Second}");
    }

    [Fact]
    public async Task The_secret_code_from_the_number_registered_with_it_identifies_for_personal_data()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var phone = CitizenDesk.NewPhone();
        var snils = CitizenDesk.NewSnils();
        await desk.RegisteredCitizenAsync(phone, snils);

        var id = await desk.OnSecondLineAsync(phone);
        var result = await desk.IdentifyAsync(id, snils, code: "береза42");

        Assert.Equal((IdentificationOutcome.Identified, IdentificationLevel.PersonalData, IdentificationMethod.SecretCodeAndPhone),
            (result.Attempt.Outcome, result.Attempt.Level, result.Attempt.Method));
        Assert.Equal(PersonalDataAccess.Full, result.Card!.Access);
        Assert.Equal(Snils.Format(snils), result.Card.Card.Snils);
        var interaction = await desk.Interaction(id).GetAsync();
        Assert.Equal(IdentificationLevel.PersonalData, interaction.Identification);
        Assert.Equal(result.Attempt, Assert.Single(interaction.IdentificationAttempts));
    }

    [Fact]
    public async Task From_another_number_the_code_needs_identity_document_data_and_snils()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var snils = CitizenDesk.NewSnils();
        await desk.RegisteredCitizenAsync(CitizenDesk.NewPhone(), snils, CitizenDesk.Passport);

        var id = await desk.OnSecondLineAsync(CitizenDesk.NewPhone());
        var codeOnly = await desk.IdentifyAsync(id, snils, code: CitizenDesk.Code);
        Assert.Equal((IdentificationOutcome.DocumentRequired, IdentificationLevel.Primary), (codeOnly.Attempt.Outcome, codeOnly.Attempt.Level));
        Assert.Equal(PersonalDataAccess.Masked, codeOnly.Card!.Access);

        var wrongDocument = await desk.IdentifyAsync(id, snils, CitizenDesk.Code, new IdentityDocument(DocumentKind.Passport, "4510 654321"));
        Assert.Equal((IdentificationOutcome.WrongSecretCodeOrDocument, IdentificationLevel.Primary), (wrongDocument.Attempt.Outcome, wrongDocument.Attempt.Level));

        var withDocument = await desk.IdentifyAsync(id, snils, CitizenDesk.Code, new IdentityDocument(DocumentKind.Passport, "45 10 123456"));
        Assert.Equal((IdentificationOutcome.Identified, IdentificationLevel.PersonalData, IdentificationMethod.SecretCodeDocumentAndSnils),
            (withDocument.Attempt.Outcome, withDocument.Attempt.Level, withDocument.Attempt.Method));
        Assert.Equal(PersonalDataAccess.Full, withDocument.Card!.Access);
    }

    [Fact]
    public async Task A_wrong_code_or_name_fails_counts_and_opens_nothing()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var phone = CitizenDesk.NewPhone();
        var snils = CitizenDesk.NewSnils();
        await desk.RegisteredCitizenAsync(phone, snils);
        var id = await desk.OnSecondLineAsync(phone);

        var wrongCode = await desk.IdentifyAsync(id, snils, code: "Осина42");
        Assert.Equal((IdentificationOutcome.WrongSecretCode, IdentificationLevel.Primary, 4), (wrongCode.Attempt.Outcome, wrongCode.Attempt.Level, wrongCode.Attempt.AttemptsLeft));
        Assert.Equal(PersonalDataAccess.Masked, wrongCode.Card!.Access);

        var wrongName = await desk.IdentifyAsync(id, snils, code: CitizenDesk.Code, surname: "Сидорова");
        Assert.Equal((IdentificationOutcome.NameMismatch, IdentificationLevel.None, 3), (wrongName.Attempt.Outcome, wrongName.Attempt.Level, wrongName.Attempt.AttemptsLeft));
        Assert.Null(wrongName.Card);

        var interaction = await desk.Interaction(id).GetAsync();
        Assert.Equal(IdentificationLevel.Primary, interaction.Identification);
        Assert.Equal(2, interaction.Timeline.Count(e => e.Kind == TimelineKind.IdentificationFailed));
        Assert.Equal(PersonalDataAccess.Masked, (await desk.Access.GetCardAsync(Caller.Operator(desk.Second), id)).Access);
    }

    [Fact]
    public async Task After_the_maximum_failures_the_card_is_locked_for_the_period_then_released()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var phone = CitizenDesk.NewPhone();
        var snils = CitizenDesk.NewSnils();
        await desk.RegisteredCitizenAsync(phone, snils);
        var id = await desk.OnSecondLineAsync(phone);

        IdentificationResult last = null!;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            last = await desk.IdentifyAsync(id, snils, code: $"Wrong{attempt}");
            Assert.Equal(IdentificationOutcome.WrongSecretCode, last.Attempt.Outcome);
        }

        var lockedUntil = fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(15);
        Assert.Equal(lockedUntil, last.Attempt.LockedUntil);
        var refused = await desk.IdentifyAsync(id, snils, code: CitizenDesk.Code);
        Assert.Equal((IdentificationOutcome.LockedOut, IdentificationLevel.None, lockedUntil), (refused.Attempt.Outcome, refused.Attempt.Level, refused.Attempt.LockedUntil));
        Assert.Contains((await desk.Interaction(id).GetAsync()).Timeline, e => e.Kind == TimelineKind.IdentificationFailed && e.Detail!.Contains("locked until"));
        await desk.CompleteAsync(id, desk.Second, "pension");

        fixture.Time.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = await desk.OnSecondLineAsync(phone);
        Assert.Equal(IdentificationOutcome.LockedOut, (await desk.IdentifyAsync(stillLocked, snils, code: CitizenDesk.Code)).Attempt.Outcome);
        await desk.CompleteAsync(stillLocked, desk.Second, "pension");

        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var released = await desk.OnSecondLineAsync(phone);
        var result = await desk.IdentifyAsync(released, snils, code: CitizenDesk.Code);
        Assert.Equal((IdentificationOutcome.Identified, IdentificationLevel.PersonalData), (result.Attempt.Outcome, result.Attempt.Level));
        Assert.Equal(5, result.Attempt.AttemptsLeft);
    }

    [Fact]
    public async Task A_provisional_card_is_merged_into_the_snils_card_once_however_often_identification_repeats()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var home = CitizenDesk.NewPhone();
        var mobile = CitizenDesk.NewPhone();
        var snils = CitizenDesk.NewSnils();
        var earlier = await desk.RegisteredCitizenAsync(home, snils);
        var citizenCardId = (await desk.Interaction(earlier).GetAsync()).CitizenCardId!;

        // Two calls from a new number: the first is not identified, the second is.
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var unidentified = await desk.OnFirstLineAsync(mobile);
        await desk.CompleteAsync(unidentified, desk.First, "general");
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var id = await desk.OnSecondLineAsync(mobile);
        var provisionalId = (await desk.Interaction(id).GetAsync()).CitizenCardId!;
        Assert.NotEqual(citizenCardId, provisionalId);

        await desk.IdentifyAsync(id, snils);
        await desk.IdentifyAsync(id, snils);

        Assert.Equal(citizenCardId, (await desk.Interaction(id).GetAsync()).CitizenCardId);
        var card = await Grains.GetGrain<ICitizenCardGrain>(citizenCardId).GetAsync();
        Assert.Equal([id, unidentified, earlier], card.History.Select(h => h.InteractionId));
        Assert.Equal([home, mobile], card.Phones);
        Assert.Equal(citizenCardId, (await Grains.GetGrain<ICitizenCardGrain>(provisionalId).GetAsync()).MergedInto);
        Assert.Equal(citizenCardId, await Grains.GetGrain<IPhoneIndexGrain>(mobile).GetOrAssignCardIdAsync());

        // The next call from the new number lands on the citizen's card straight away.
        await desk.CompleteAsync(id, desk.Second, "pension");
        var next = await TestCalls.RegisterAsync(Grains, desk.Dir, Channel.Text, mobile);
        Assert.Equal(citizenCardId, (await desk.Interaction(next).GetAsync()).CitizenCardId);
    }

    [Fact]
    public async Task Secret_codes_are_set_only_after_identification_and_replaced_only_after_identification_with_the_code()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var phone = CitizenDesk.NewPhone();
        var snils = CitizenDesk.NewSnils();
        var id = await desk.OnSecondLineAsync(phone);
        var registration = new SecretCodeRegistration(CitizenDesk.Code, string.Empty, null);

        var notIdentified = await Assert.ThrowsAsync<ContactCenterException>(() => desk.Access.SetSecretCodeAsync(desk.Second, id, registration).AsTask());
        Assert.Equal(ErrorKind.FailedPrecondition, notIdentified.Kind);

        await desk.IdentifyAsync(id, snils);
        var set = await desk.Access.SetSecretCodeAsync(desk.Second, id, registration);
        Assert.True(set.Card.HasSecretCode);
        Assert.Equal(PersonalDataMask.Phone(phone), set.Card.SecretCodePhone);
        Assert.Contains((await desk.Interaction(id).GetAsync()).Timeline, e => e.Kind == TimelineKind.SecretCodeSet);

        var replace = await Assert.ThrowsAsync<ContactCenterException>(
            () => desk.Access.SetSecretCodeAsync(desk.Second, id, registration with { SecretCode = "Дуб777" }).AsTask());
        Assert.Equal(ErrorKind.FailedPrecondition, replace.Kind);

        await desk.IdentifyAsync(id, snils, code: CitizenDesk.Code);
        await desk.Access.SetSecretCodeAsync(desk.Second, id, registration with { SecretCode = "Дуб777" });
        Assert.Equal(IdentificationLevel.PersonalData, (await desk.IdentifyAsync(id, snils, code: "дуб777")).Attempt.Level);
        Assert.Equal(IdentificationOutcome.WrongSecretCode, (await desk.IdentifyAsync(id, snils, code: CitizenDesk.Code)).Attempt.Outcome);
    }

    [Fact]
    public async Task Identification_is_refused_to_the_first_line_and_bad_input_is_named()
    {
        var desk = await CitizenDesk.StaffAsync(Grains);
        var id = await desk.OnFirstLineAsync(CitizenDesk.NewPhone());
        var claim = new IdentificationClaim(CitizenDesk.NewSnils(), CitizenDesk.Surname, CitizenDesk.Name, null, null, null);

        var firstLine = await Assert.ThrowsAsync<ContactCenterException>(() => desk.Access.IdentifyAsync(desk.First, id, claim).AsTask());
        Assert.Equal(ErrorKind.PermissionDenied, firstLine.Kind);

        var badSnils = await Assert.ThrowsAsync<ContactCenterException>(() => desk.Access.IdentifyAsync(desk.First, id, claim with { Snils = "029-478-248 92" }).AsTask());
        Assert.Equal(ErrorKind.InvalidArgument, badSnils.Kind);
        Assert.StartsWith("snils:", badSnils.Detail);

        var noName = await Assert.ThrowsAsync<ContactCenterException>(() => desk.Access.IdentifyAsync(desk.First, id, claim with { Surname = " " }).AsTask());
        Assert.Equal((ErrorKind.InvalidArgument, "surname is required"), (noName.Kind, noName.Detail));
        Assert.Empty((await desk.Interaction(id).GetAsync()).IdentificationAttempts);
    }
}
