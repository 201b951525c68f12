namespace ContactCenter.Model;

/// <summary>
/// A domain refusal that crosses grain boundaries intact, so the API can map it to a precise
/// status instead of INTERNAL.
/// </summary>
[GenerateSerializer]
public sealed class ContactCenterException : Exception
{
    public ContactCenterException(ErrorKind kind, string detail)
        : base(detail)
    {
        Kind = kind;
        Detail = detail;
    }

    [Id(0)]
    public ErrorKind Kind { get; }

    // Kept apart from Message: exception messages are not guaranteed to survive serialization.
    [Id(1)]
    public string Detail { get; }

    public static ContactCenterException NotFound(string detail) => new(ErrorKind.NotFound, detail);

    public static ContactCenterException Invalid(string detail) => new(ErrorKind.InvalidArgument, detail);

    public static ContactCenterException Precondition(string detail) => new(ErrorKind.FailedPrecondition, detail);
}
