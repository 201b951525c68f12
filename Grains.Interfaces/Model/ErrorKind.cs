namespace ContactCenter.Model;

/// <summary>What went wrong, in words the API maps one-to-one onto gRPC status codes.</summary>
public enum ErrorKind
{
    InvalidArgument = 1,
    NotFound = 2,
    FailedPrecondition = 3,
    AlreadyExists = 4,
    PermissionDenied = 5,
    Unavailable = 6,
}
