using ContactCenter.Api.Protos;
using ContactCenter.Tests.Api;
using ContactCenter.Tests.Infrastructure;
using Grpc.Core;
using Line = ContactCenter.Model.Line;

namespace ContactCenter.Tests.Citizens;

/// <summary>The citizen card, identification and the audit trail over real gRPC.</summary>
[Collection(ApiCollection.Name)]
public sealed class CitizenApiTests(ApiFixture api)
{
    private CitizenService.CitizenServiceClient Citizens => api.Citizens;

    [Fact]
    public async Task A_citizen_is_identified_on_the_2nd_line_sees_personal_data_there_and_every_read_is_on_the_audit_trail()
    {
        var dir = await StaffedAsync();
        var phone = $"+7918{Random.Shared.Next(0, 1000):D3}9887";
        var snils = CitizenDesk.NewSnils();
        var id = await ConnectAsync(dir, phone);

        var atFirstLine = await Citizens.GetCitizenCardAsync(new GetCitizenCardRequest { InteractionId = id, OperatorId = dir.Id("first") });
        Assert.Equal(PersonalDataAccess.Masked, atFirstLine.Access);
        Assert.Equal(["+7 *** *** 98 87"], atFirstLine.Card.Phones);
        Assert.True(atFirstLine.Card.Provisional);
        await FailsAsync(StatusCode.PermissionDenied, Citizens.IdentifyCitizenAsync(Identify(dir.Id("first"), id, snils)).ResponseAsync);

        await api.Desk.TransferAsync(new TransferRequest { OperatorId = dir.Id("first"), InteractionId = id, Kind = TransferKind.SecondLine, Target = dir.Organisation });
        await Eventually.MatchAsync(() => CardAsync(id), c => c.State == InteractionState.Offered && c.OperatorId == dir.Id("second"), "offered on the 2nd line");
        await api.Desk.AcceptOfferAsync(new InteractionRequest { OperatorId = dir.Id("second"), InteractionId = id });

        var wrongSnils = await FailsAsync(StatusCode.InvalidArgument, Citizens.IdentifyCitizenAsync(Identify(dir.Id("second"), id, "029-478-248 92")).ResponseAsync);
        Assert.StartsWith("snils:", wrongSnils.Status.Detail);
        var primary = await Citizens.IdentifyCitizenAsync(Identify(dir.Id("second"), id, snils));
        Assert.Equal((IdentificationOutcome.Identified, IdentificationLevel.Primary), (primary.Attempt.Outcome, primary.Attempt.Level));
        Assert.Equal(PersonalDataAccess.Masked, primary.Card.Access);

        var set = await Citizens.SetSecretCodeAsync(new SetSecretCodeRequest { OperatorId = dir.Id("second"), InteractionId = id, SecretCode = "Береза42" });
        Assert.True(set.Card.HasSecretCode);
        var personal = await Citizens.IdentifyCitizenAsync(new IdentifyCitizenRequest(Identify(dir.Id("second"), id, snils)) { SecretCode = "береза42" });
        Assert.Equal((IdentificationLevel.PersonalData, IdentificationMethod.SecretCodeAndPhone), (personal.Attempt.Level, personal.Attempt.Method));

        var updated = await Citizens.UpdateCitizenCardAsync(new UpdateCitizenCardRequest
        {
            InteractionId = id,
            OperatorId = dir.Id("second"),
            Email = "olga.ivanova@mail.ru",
            CommunicationNeeds = new CommunicationNeedList { Needs = { CommunicationNeed.VisionImpairment } },
            Consent = new ConsentStatement { Given = true, Method = "voice" },
        });
        Assert.Equal(PersonalDataAccess.Full, updated.Access);
        Assert.Equal((Snils(snils), CitizenDesk.Surname, "olga.ivanova@mail.ru"), (updated.Card.Snils, updated.Card.Surname, updated.Card.Email));
        Assert.Equal([phone], updated.Card.Phones);
        Assert.Equal([CommunicationNeed.VisionImpairment], updated.Card.CommunicationNeeds);
        Assert.Equal("voice", updated.Card.Consent.Method);

        var card = await CardAsync(id);
        Assert.Equal(IdentificationLevel.PersonalData, card.IdentificationLevel);
        Assert.Equal(2, card.IdentificationAttempts.Count);
        Assert.Contains(card.Timeline, e => e.Kind == "SecretCodeSet");

        await FailsAsync(StatusCode.PermissionDenied, Citizens.GetCitizenCardAsync(new GetCitizenCardRequest { InteractionId = id, OperatorId = dir.Id("first") }).ResponseAsync);
        await FailsAsync(StatusCode.PermissionDenied, Citizens.GetCitizenCardAsync(new GetCitizenCardRequest { InteractionId = id, SupervisorId = "sv", OrganisationId = "SFR" }).ResponseAsync);
        await FailsAsync(StatusCode.InvalidArgument, Citizens.GetCitizenCardAsync(new GetCitizenCardRequest { InteractionId = id }).ResponseAsync);
        await FailsAsync(StatusCode.NotFound, Citizens.GetCitizenCardAsync(new GetCitizenCardRequest { InteractionId = "no-such-interaction", OperatorId = dir.Id("second") }).ResponseAsync);
        var bySupervisor = await Citizens.GetCitizenCardAsync(new GetCitizenCardRequest { InteractionId = id, SupervisorId = "sv", OrganisationId = dir.Organisation });
        Assert.Equal(Snils(snils), bySupervisor.Card.Snils);

        var trail = await Citizens.GetAuditTrailAsync(new GetAuditTrailRequest { SupervisorId = "sv", OrganisationId = dir.Organisation, InteractionId = id });
        Assert.Equal(
            [
                (CallerRole.Supervisor, AuditAccess.Read, PersonalDataAccess.Full),
                (CallerRole.Operator, AuditAccess.Read, PersonalDataAccess.Full),
                (CallerRole.Operator, AuditAccess.Update, PersonalDataAccess.Full),
            ],
            trail.Entries.Take(3).Select(e => (e.Role, e.Access, e.Mode)));
        Assert.Contains(trail.Entries, e => e.ActorId == dir.Id("first") && e.Mode == PersonalDataAccess.Masked && e.Fields.Contains("phones"));
        Assert.Equal(2, trail.Entries.Count(e => e.Access == AuditAccess.Identify));
        Assert.Empty((await Citizens.GetAuditTrailAsync(new GetAuditTrailRequest { SupervisorId = "sv", OrganisationId = "SFR", InteractionId = id })).Entries);
        await FailsAsync(StatusCode.InvalidArgument, Citizens.GetAuditTrailAsync(new GetAuditTrailRequest { SupervisorId = "sv", OrganisationId = dir.Organisation }).ResponseAsync);
    }

    private static IdentifyCitizenRequest Identify(string operatorId, string interactionId, string snils) => new()
    {
        OperatorId = operatorId,
        InteractionId = interactionId,
        Snils = snils,
        Surname = CitizenDesk.Surname,
        Name = CitizenDesk.Name,
        Patronymic = CitizenDesk.Patronymic,
    };

    private static string Snils(string digits) => ContactCenter.Citizens.Snils.Format(digits);

    private static async Task<RpcException> FailsAsync<T>(StatusCode expected, Task<T> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(expected, error.StatusCode);
        return error;
    }

    private Task<Interaction> CardAsync(string id) => api.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id }).ResponseAsync;

    private async Task<TestDirectory> StaffedAsync()
    {
        var dir = TestDirectory.Create()
            .Queue("l1")
            .Queue("l2", line: Line.Second)
            .Operator("first")
            .Operator("second", lines: [Line.Second]);
        await dir.ApplyAsync(api.Grains);
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("first") });
        await api.Desk.SignInAsync(new SignInRequest { OperatorId = dir.Id("second") });
        return dir;
    }

    private async Task<string> ConnectAsync(TestDirectory dir, string phone)
    {
        var registered = await api.Routing.RegisterInteractionAsync(new RegisterInteractionRequest
        {
            Channel = Channel.Voice,
            CallerNumber = phone,
            RegionId = TestDirectory.Moscow,
            Language = "ru",
            OrganisationId = dir.Organisation,
        });
        var id = registered.Interaction.Id;
        await Eventually.MatchAsync(() => CardAsync(id), c => c.State == InteractionState.Offered && c.OperatorId == dir.Id("first"), "offered");
        await api.Desk.AcceptOfferAsync(new InteractionRequest { OperatorId = dir.Id("first"), InteractionId = id });
        return id;
    }
}
