namespace ContactCenter.Api.Security;

/// <summary>How callers prove who they are; the "Auth" configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public const string Issuer = "contactcenter";

    public const string Audience = "contactcenter-api";

    /// <summary>
    /// The HS256 key, base64, at least 32 bytes; from configuration (environment, secret store),
    /// never from the repository. Required outside Development; in Development a missing key is
    /// made at start, so tokens die with the process.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a token minted by this host (the dev endpoint) stays valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How many validated tokens a node remembers (one per signed-in desk, gateway or supervisor is typical); 0 turns the cache off.</summary>
    public int ValidatedTokenCacheSize { get; set; } = 100_000;

    /// <summary>POST /dev/token on the HTTP port. Null: on in Development only. It can never be switched on elsewhere.</summary>
    public bool? DevTokens { get; set; }
}
