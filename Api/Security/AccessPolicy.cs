using System.Collections.Frozen;
using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;
using Google.Protobuf;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Security;

/// <summary>
/// Who may call each rpc, written out per method. An rpc without a rule is refused: a method added
/// to a service stays closed until someone decides who may call it.
/// </summary>
public sealed class AccessPolicy
{
    /// <summary>Open to anyone: load balancers and tools must reach them without a token.</summary>
    private static readonly string[] AnonymousServices = ["/grpc.health.v1.Health/", "/grpc.reflection.v1alpha.ServerReflection/", "/grpc.reflection.v1.ServerReflection/"];

    private readonly IGrainFactory _grains;
    private readonly FrozenDictionary<string, Rule> _rules;

    public AccessPolicy(IGrainFactory grains)
    {
        _grains = grains;
        _rules = Build().ToFrozenDictionary();
    }

    /// <summary>A refusal reason, or null when the caller may make this call.</summary>
    private delegate ValueTask<string?> Rule(Caller caller, IMessage request);

    /// <summary>Every rpc of the product's services, as gRPC names them ("/package.Service/Method").</summary>
    public static IEnumerable<string> ProductMethods =>
        Services.SelectMany(service => service.Methods.Select(method => Key(service, method.Name)));

    public IReadOnlyCollection<string> RuledMethods => _rules.Keys;

    private static ServiceDescriptor[] Services =>
    [
        P.RoutingService.Descriptor, P.DeskService.Descriptor, P.CitizenService.Descriptor,
        P.SupervisorService.Descriptor, P.AdminService.Descriptor, P.ReportService.Descriptor,
    ];

    public static bool IsAnonymous(string method) => AnonymousServices.Any(service => method.StartsWith(service, StringComparison.Ordinal));

    /// <summary>Why the caller may not make this call, or null when it may.</summary>
    public ValueTask<string?> RefusalAsync(string method, Caller caller, IMessage request) =>
        _rules.TryGetValue(method, out var rule) ? rule(caller, request) : ValueTask.FromResult<string?>($"{method} has no access rule");

    private Dictionary<string, Rule> Build()
    {
        var rules = new Dictionary<string, Rule>(StringComparer.Ordinal);

        void Every(ServiceDescriptor service, Rule rule)
        {
            foreach (var method in service.Methods)
            {
                rules[Key(service, method.Name)] = rule;
            }
        }

        void One<TRequest>(ServiceDescriptor service, string method, Func<Caller, TRequest, ValueTask<string?>> rule)
            where TRequest : IMessage
        {
            var descriptor = service.FindMethodByName(method) ?? throw new InvalidOperationException($"{service.FullName} has no rpc {method}");
            rules[Key(service, descriptor.Name)] = (caller, request) => rule(caller, (TRequest)request);
        }

        Every(P.RoutingService.Descriptor, (caller, _) => Done(OneOf(caller, Roles.Gateway)));

        // Every desk request names the operator it acts for; the desk of one operator is theirs alone.
        Every(P.DeskService.Descriptor, (caller, request) => Done(OperatorItself(caller, RequestFields.Text(request, "operator_id"))));

        var citizens = P.CitizenService.Descriptor;
        One<P.GetCitizenCardRequest>(citizens, "GetCitizenCard", (c, r) => Done(OperatorOrSupervisor(c, r.OperatorId, r.SupervisorId, r.OrganisationId)));
        One<P.UpdateCitizenCardRequest>(citizens, "UpdateCitizenCard", (c, r) => Done(OperatorOrSupervisor(c, r.OperatorId, r.SupervisorId, r.OrganisationId)));
        One<P.IdentifyCitizenRequest>(citizens, "IdentifyCitizen", (c, r) => Done(OperatorItself(c, r.OperatorId)));
        One<P.SetSecretCodeRequest>(citizens, "SetSecretCode", (c, r) => Done(OperatorItself(c, r.OperatorId)));
        One<P.GetAuditTrailRequest>(citizens, "GetAuditTrail", (c, r) => Done(SupervisorItself(c, r.SupervisorId, r.OrganisationId)));

        var supervisor = P.SupervisorService.Descriptor;
        One<P.ForceStatusRequest>(supervisor, "ForceStatus", (c, r) => OverOperatorAsync(c, r.OperatorId));
        One<P.OperatorRequest>(supervisor, "SignOutOperator", (c, r) => OverOperatorAsync(c, r.OperatorId));
        One<P.WatchRequest>(supervisor, "Watch", (c, r) => r.ScopeCase switch
        {
            P.WatchRequest.ScopeOneofCase.OrganisationId => Done(InOrganisation(c, r.OrganisationId)),
            P.WatchRequest.ScopeOneofCase.QueueId => OverQueueAsync(c, r.QueueId),
            P.WatchRequest.ScopeOneofCase.TeamId => OverTeamAsync(c, r.TeamId),
            _ => Done(OneOf(c, Roles.Supervisor, Roles.Admin)),
        });
        One<P.LiveStatisticsRequest>(supervisor, "GetLiveStatistics", (c, r) => r.ScopeCase switch
        {
            P.LiveStatisticsRequest.ScopeOneofCase.OrganisationId => Done(InOrganisation(c, r.OrganisationId)),
            P.LiveStatisticsRequest.ScopeOneofCase.QueueId => OverQueueAsync(c, r.QueueId),
            P.LiveStatisticsRequest.ScopeOneofCase.OperatorId => OverOperatorAsync(c, r.OperatorId),

            // A region's figures mix every organisation serving it.
            P.LiveStatisticsRequest.ScopeOneofCase.RegionId => Done(OneOf(c, Roles.Admin)),
            _ => Done(OneOf(c, Roles.Supervisor, Roles.Admin)),
        });

        var admin = P.AdminService.Descriptor;
        Every(admin, (caller, _) => Done(OneOf(caller, Roles.Admin)));
        One<P.ListCallbacksRequest>(admin, "ListCallbacks", (c, r) => Done(InOrganisation(c, r.OrganisationId)));
        One<P.AssignCallbackRequest>(admin, "AssignCallback", (c, r) =>
            SupervisorItself(c, r.SupervisorId, c.OrganisationId) is { } refused ? Done(refused) : OverOperatorAsync(c, r.OperatorId));
        One<P.ReviewComplaintRequest>(admin, "ReviewComplaint", (c, r) =>
            SupervisorItself(c, r.SupervisorId, c.OrganisationId) is { } refused ? Done(refused) : OverInteractionAsync(c, r.InteractionId));

        var reports = P.ReportService.Descriptor;
        One<P.OdkcReportRequest>(reports, "GetOdkcReport", (c, r) => Done(ReportOf(c, r.OrganisationId)));
        One<P.OperatorDailyReportRequest>(reports, "GetOperatorDailyReport", (c, r) => Done(ReportOf(c, r.OrganisationId)));
        One<P.KpiComplianceRequest>(reports, "GetKpiCompliance", (c, r) => Done(ReportOf(c, r.OrganisationId)));
        One<P.ReportCsvRequest>(reports, "ExportReportCsv", (c, r) => Done(ReportOf(c, r.ReportCase switch
        {
            P.ReportCsvRequest.ReportOneofCase.Odkc => r.Odkc.OrganisationId,
            P.ReportCsvRequest.ReportOneofCase.OperatorDaily => r.OperatorDaily.OrganisationId,
            P.ReportCsvRequest.ReportOneofCase.KpiCompliance => r.KpiCompliance.OrganisationId,
            _ => string.Empty,
        })));
        One<P.StaffingRequest>(reports, "EstimateStaffing", (c, _) => Done(OneOf(c, Roles.Supervisor, Roles.Admin)));
        return rules;
    }

    private static string Key(ServiceDescriptor service, string method) => $"/{service.FullName}/{method}";

    private static ValueTask<string?> Done(string? refusal) => ValueTask.FromResult(refusal);

    private static string? OneOf(Caller caller, params string[] roles) =>
        roles.Contains(caller.Role) ? null : $"{caller} may not make this call: it is for the {string.Join(" or ", roles)} role";

    private static string? OperatorItself(Caller caller, string? operatorId) =>
        OneOf(caller, Roles.Operator)
        ?? (caller.OperatorId == Named(operatorId, "operator_id") ? null : $"{caller} may not act for operator '{operatorId}'");

    private static string? SupervisorItself(Caller caller, string supervisorId, string? organisationId) =>
        OneOf(caller, Roles.Supervisor)
        ?? (caller.Subject != Named(supervisorId, "supervisor_id") ? $"{caller} may not act as supervisor '{supervisorId}'"
            : caller.OrganisationId != Named(organisationId, "organisation_id") ? $"{caller} may not act in organisation '{organisationId}'"
            : null);

    /// <summary>A request that names nobody is bad input, whoever sends it.</summary>
    private static string Named(string? id, string field) =>
        string.IsNullOrEmpty(id) ? throw ContactCenterException.Invalid($"{field} is required") : id;

    /// <summary>The citizen card is read either by the operator holding the interaction or by a supervisor of its organisation; the grain checks the rest.</summary>
    private static string? OperatorOrSupervisor(Caller caller, string operatorId, string supervisorId, string organisationId) => caller.Role switch
    {
        Roles.Operator when string.IsNullOrEmpty(supervisorId) => OperatorItself(caller, operatorId),
        Roles.Supervisor when string.IsNullOrEmpty(operatorId) => SupervisorItself(caller, supervisorId, organisationId),
        Roles.Operator or Roles.Supervisor => $"{caller} must name only itself: operator_id for operators, supervisor_id and organisation_id for supervisors",
        _ => OneOf(caller, Roles.Operator, Roles.Supervisor),
    };

    /// <summary>Supervisors within their organisation; administrators everywhere.</summary>
    private static string? InOrganisation(Caller caller, string? organisationId) => caller.Role switch
    {
        Roles.Admin => null,
        Roles.Supervisor => caller.OrganisationId == organisationId ? null : $"{caller} may not see or act in organisation '{organisationId}'",
        _ => OneOf(caller, Roles.Supervisor, Roles.Admin),
    };

    /// <summary>Reports without an organisation cover every organisation: administrators only.</summary>
    private static string? ReportOf(Caller caller, string organisationId) =>
        caller.Role == Roles.Supervisor && string.IsNullOrEmpty(organisationId)
            ? $"{caller} must name its organisation in organisation_id: a report of every organisation is for administrators"
            : InOrganisation(caller, organisationId);

    private ValueTask<string?> OverOperatorAsync(Caller caller, string operatorId) =>
        WithinOrganisationAsync(caller, $"operator '{operatorId}'", async () =>
            string.IsNullOrEmpty(operatorId) ? null : (await Directory.FindOperatorAsync(operatorId))?.OrganisationId);

    private ValueTask<string?> OverQueueAsync(Caller caller, string queueId) =>
        WithinOrganisationAsync(caller, $"queue '{queueId}'", async () =>
            string.IsNullOrEmpty(queueId) ? null : (await Directory.FindQueueAsync(queueId))?.OrganisationId);

    private ValueTask<string?> OverTeamAsync(Caller caller, string teamId) =>
        WithinOrganisationAsync(caller, $"team '{teamId}'", async () =>
        {
            var organisations = (await Directory.GetAsync()).Operators.Where(o => o.TeamId == teamId).Select(o => o.OrganisationId).Distinct().ToList();
            return organisations.Count == 1 ? organisations[0] : null;
        });

    // An unknown interaction answers NOT_FOUND from the grain, which reveals nothing the id did not;
    // a missing id is left to the service's INVALID_ARGUMENT.
    private ValueTask<string?> OverInteractionAsync(Caller caller, string interactionId) =>
        WithinOrganisationAsync(caller, $"interaction '{interactionId}'", async () =>
            string.IsNullOrEmpty(interactionId) ? caller.OrganisationId : (await _grains.Grain<IInteractionGrain>(interactionId).GetAsync()).OrganisationId);

    /// <summary>Administrators everywhere; supervisors when the subject belongs to their organisation (looked up only for them).</summary>
    private static async ValueTask<string?> WithinOrganisationAsync(Caller caller, string subject, Func<Task<string?>> organisationOf) => caller.Role switch
    {
        Roles.Admin => null,
        Roles.Supervisor => await organisationOf() == caller.OrganisationId ? null : $"{caller} may not see or act on {subject}: not in its organisation",
        _ => OneOf(caller, Roles.Supervisor, Roles.Admin),
    };

    private IDirectoryGrain Directory => _grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey);
}
