using ContactCenter.Api.Mapping;
using ContactCenter.Citizens;
using ContactCenter.Model;
using Grpc.Core;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Services;

/// <summary>
/// Citizen cards for desks and supervisors. Entitlement, masking, audit and identification live in
/// the cluster (<see cref="ICitizenAccessGrain"/>); this maps requests and names the caller.
/// </summary>
public sealed class CitizenGrpcService(IGrainFactory grains) : P.CitizenService.CitizenServiceBase
{
    private ICitizenAccessGrain Access => grains.Grain<ICitizenAccessGrain>(0);

    public override async Task<P.CitizenCardResponse> GetCitizenCard(P.GetCitizenCardRequest request, ServerCallContext context) =>
        (await Access.GetCardAsync(
            CallerOf(request.OperatorId, request.SupervisorId, request.OrganisationId),
            Require.Id(request.InteractionId, "interaction_id"))).ToProto();

    public override async Task<P.CitizenCardResponse> UpdateCitizenCard(P.UpdateCitizenCardRequest request, ServerCallContext context) =>
        (await Access.UpdateCardAsync(
            CallerOf(request.OperatorId, request.SupervisorId, request.OrganisationId),
            Require.Id(request.InteractionId, "interaction_id"),
            request.ToDomain())).ToProto();

    public override async Task<P.IdentifyCitizenResponse> IdentifyCitizen(P.IdentifyCitizenRequest request, ServerCallContext context)
    {
        var claim = new IdentificationClaim(
            request.Snils,
            request.Surname,
            request.Name,
            string.IsNullOrEmpty(request.Patronymic) ? null : request.Patronymic,
            string.IsNullOrEmpty(request.SecretCode) ? null : request.SecretCode,
            request.Document.ToDomain());
        var result = await Access.IdentifyAsync(
            Require.Id(request.OperatorId, "operator_id"), Require.Id(request.InteractionId, "interaction_id"), claim);
        return new P.IdentifyCitizenResponse { Attempt = result.Attempt.ToProto(), Card = result.Card?.ToProto() };
    }

    public override async Task<P.CitizenCardResponse> SetSecretCode(P.SetSecretCodeRequest request, ServerCallContext context) =>
        (await Access.SetSecretCodeAsync(
            Require.Id(request.OperatorId, "operator_id"),
            Require.Id(request.InteractionId, "interaction_id"),
            new SecretCodeRegistration(request.SecretCode, request.Phone, request.Document.ToDomain()))).ToProto();

    public override async Task<P.AuditTrail> GetAuditTrail(P.GetAuditTrailRequest request, ServerCallContext context)
    {
        var supervisor = Caller.Supervisor(Require.Id(request.SupervisorId, "supervisor_id"), Require.Id(request.OrganisationId, "organisation_id"));
        var query = new AuditQuery(
            Require.Optional(request.CardId, "card_id"),
            Require.Optional(request.InteractionId, "interaction_id"),
            request.Since?.ToDateTimeOffset(),
            request.Limit);
        var trail = new P.AuditTrail();
        trail.Entries.Add((await Access.GetAuditAsync(supervisor, query)).Select(CitizenMapping.ToProto));
        return trail;
    }

    /// <summary>
    /// Who asks, as the request names it. This is the one place that changes when the API
    /// authenticates: the token's subject and organisation claim will name the caller instead.
    /// </summary>
    private static Caller CallerOf(string operatorId, string supervisorId, string organisationId) =>
        (string.IsNullOrEmpty(operatorId), string.IsNullOrEmpty(supervisorId)) switch
        {
            (false, true) => Caller.Operator(Require.Id(operatorId, "operator_id")),
            (true, false) => Caller.Supervisor(Require.Id(supervisorId, "supervisor_id"), Require.Id(organisationId, "organisation_id")),
            _ => throw ContactCenterException.Invalid("name exactly one caller: operator_id, or supervisor_id with organisation_id"),
        };
}
