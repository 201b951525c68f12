using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Api.Security;

/// <summary>The host's signing key and the tokens minted with it (the dev endpoint, tests, the load tool's embedded node).</summary>
public sealed class TokenIssuer
{
    private const int MinimumKeyBytes = 32;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials;
    private readonly TimeSpan _lifetime;

    public TokenIssuer(SymmetricSecurityKey key, TimeSpan lifetime)
    {
        Key = key;
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        _lifetime = lifetime;
    }

    public SymmetricSecurityKey Key { get; }

    /// <summary>The configured key; in Development a missing one is made up, elsewhere it is an error at start.</summary>
    public static TokenIssuer Create(AuthOptions options, bool development)
    {
        byte[] key;
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            if (!development)
            {
                throw new InvalidOperationException(
                    $"{AuthOptions.Section}:SigningKey is required outside Development: {MinimumKeyBytes} or more random bytes, base64, from the environment or a secret store");
            }

            key = RandomNumberGenerator.GetBytes(MinimumKeyBytes);
        }
        else
        {
            try
            {
                key = Convert.FromBase64String(options.SigningKey);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey is not base64");
            }

            if (key.Length < MinimumKeyBytes)
            {
                throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey has {key.Length} bytes; HS256 needs at least {MinimumKeyBytes}");
            }
        }

        return new TokenIssuer(new SymmetricSecurityKey(key), options.TokenLifetime);
    }

    /// <summary>A signed token for the caller; security time is the machine's clock, not the domain clock tests drive.</summary>
    public IssuedToken Issue(Caller caller)
    {
        if (caller.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(caller));
        }

        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            [Roles.RoleClaim] = caller.Role,
            [Roles.SubjectClaim] = caller.Subject,
        };
        if (caller.OperatorId is { } operatorId)
        {
            claims[Roles.OperatorIdClaim] = operatorId;
        }

        if (caller.OrganisationId is { } organisationId)
        {
            claims[Roles.OrganisationIdClaim] = organisationId;
        }

        var expires = now + _lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            Claims = claims,
            SigningCredentials = _credentials,
        });
        return new IssuedToken(token, new DateTimeOffset(expires, TimeSpan.Zero));
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = AuthOptions.Issuer,
        ValidAudience = AuthOptions.Audience,
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RoleClaimType = Roles.RoleClaim,
        NameClaimType = Roles.SubjectClaim,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);
