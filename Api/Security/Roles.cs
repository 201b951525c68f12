namespace ContactCenter.Api.Security;

/// <summary>The roles a token carries, and the claims that bind it to an operator or an organisation.</summary>
public static class Roles
{
    /// <summary>A telephony or chat gateway: the routing API only.</summary>
    public const string Gateway = "gateway";

    /// <summary>One operator, named by <see cref="OperatorIdClaim"/>: their own desk and interactions.</summary>
    public const string Operator = "operator";

    /// <summary>A supervisor of one organisation, named by <see cref="OrganisationIdClaim"/>.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>Configures the directory and reads figures of every organisation; never citizens' personal data.</summary>
    public const string Admin = "admin";

    public const string RoleClaim = "role";

    public const string SubjectClaim = "sub";

    public const string OperatorIdClaim = "operator_id";

    public const string OrganisationIdClaim = "organisation_id";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Gateway, Operator, Supervisor, Admin };
}
