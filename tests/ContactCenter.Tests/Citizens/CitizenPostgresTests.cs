using ContactCenter.Citizens;
using ContactCenter.Tests.Infrastructure;
using ContactCenter.Tests.Postgres;

namespace ContactCenter.Tests.Citizens;

/// <summary>The citizen's card, secrets, SNILS index and audit trail in PostgreSQL, read back by a restarted cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CitizenPostgresTests(PostgresServer server)
{
    [Fact]
    public async Task An_identified_citizens_card_secret_code_index_and_audit_trail_survive_a_whole_cluster_restart()
    {
        var phone = CitizenDesk.NewPhone();
        var snils = CitizenDesk.NewSnils();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        string serviceId, interactionId, cardId, organisationId;
        await using (var before = await PostgresCluster.StartAsync(server, silos: 1, time: time))
        {
            serviceId = before.ServiceId;
            var desk = await CitizenDesk.StaffAsync(before.Grains);
            organisationId = desk.Dir.Organisation;
            interactionId = await desk.RegisteredCitizenAsync(phone, snils, CitizenDesk.Passport);
            cardId = (await desk.Interaction(interactionId).GetAsync()).CitizenCardId!;
        }

        // No schema change: the new grain classes are rows of the one state table under their own state names.
        foreach (var stateName in new[] { "snils-index", "citizen-audit", "citizen-card" })
        {
            Assert.True(await server.ScalarAsync<long>(
                "SELECT count(*) FROM cc_grain_state WHERE service_id = @service AND grain_type = @type",
                ("service", serviceId), ("type", stateName)) > 0, stateName);
        }

        await using var after = await PostgresCluster.StartAsync(server, silos: 1, serviceId: serviceId, time: time);
        var grains = after.Grains;
        Assert.Equal(cardId, await grains.GetGrain<ISnilsIndexGrain>(snils).GetAsync());
        var card = grains.GetGrain<ICitizenCardGrain>(cardId);
        var view = await card.GetAsync();
        Assert.Equal((snils, CitizenDesk.Surname, true, phone, DocumentKind.Passport), (view.Snils, view.Surname, view.HasSecretCode, view.SecretCodePhone, view.DocumentOnFile));
        Assert.Equal(interactionId, Assert.Single(view.History).InteractionId);

        var fromAnotherNumber = await card.IdentifyAsync(
            new IdentificationClaim(snils, CitizenDesk.Surname, CitizenDesk.Name, CitizenDesk.Patronymic, SecretCode.Normalise(CitizenDesk.Code, "code"), CitizenDesk.Passport),
            CitizenDesk.NewPhone());
        Assert.Equal(IdentificationLevel.PersonalData, fromAnotherNumber.Level);

        var trail = await grains.GetGrain<ICitizenAuditGrain>(cardId).QueryAsync(organisationId, interactionId, null, 100);
        Assert.Contains(trail, e => e.Access == AuditAccess.Identify);
        Assert.Contains(trail, e => e.Access == AuditAccess.Update && e.Fields.Contains(CardFields.SecretCode));
    }
}
