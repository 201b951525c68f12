using System.Security.Claims;

namespace ContactCenter.Api.Security;

/// <summary>
/// Who makes a call, as its token says: the role, the subject (operator id, supervisor id or a
/// system's name) and what the role is bound to.
/// </summary>
public sealed record Caller(string Role, string Subject, string? OperatorId = null, string? OrganisationId = null)
{
    public static Caller Gateway(string name = "gateway") => new(Roles.Gateway, name);

    public static Caller OperatorNamed(string operatorId) => new(Roles.Operator, operatorId, OperatorId: operatorId);

    public static Caller SupervisorOf(string organisationId, string supervisorId) => new(Roles.Supervisor, supervisorId, OrganisationId: organisationId);

    public static Caller Admin(string name = "admin") => new(Roles.Admin, name);

    /// <summary>The caller of an authenticated request, or null when the token lacks what its role needs.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        var role = user.FindFirst(Roles.RoleClaim)?.Value;
        var subject = user.FindFirst(Roles.SubjectClaim)?.Value;
        if (role is null || subject is null)
        {
            return null;
        }

        var caller = new Caller(role, subject, user.FindFirst(Roles.OperatorIdClaim)?.Value, user.FindFirst(Roles.OrganisationIdClaim)?.Value);
        return caller.Problem() is null ? caller : null;
    }

    /// <summary>What is wrong with this identity, or null when a token may be issued for it.</summary>
    public string? Problem() => Role switch
    {
        _ when string.IsNullOrWhiteSpace(Subject) => "the subject is required",
        Roles.Gateway or Roles.Admin => null,
        Roles.Operator when string.IsNullOrWhiteSpace(OperatorId) => "an operator token needs the operator id",
        Roles.Operator => null,
        Roles.Supervisor when string.IsNullOrWhiteSpace(OrganisationId) => "a supervisor token needs the organisation id",
        Roles.Supervisor => null,
        _ => $"role '{Role}' is not one of {string.Join(", ", Roles.All)}",
    };

    public override string ToString() => Role switch
    {
        Roles.Operator => $"operator {OperatorId}",
        Roles.Supervisor => $"supervisor {Subject} of {OrganisationId}",
        _ => $"{Role} {Subject}",
    };
}
