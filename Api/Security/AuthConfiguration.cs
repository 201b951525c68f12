using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Api.Security;

/// <summary>JWT bearer authentication for the gRPC services, and the dev token endpoint.</summary>
public static class AuthConfiguration
{
    public const string DevTokenPath = "/dev/token";

    public static WebApplicationBuilder AddContactCenterAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var issuer = TokenIssuer.Create(options, builder.Environment.IsDevelopment());
        if (options.ValidatedTokenCacheSize < 0)
        {
            throw new InvalidOperationException($"{AuthOptions.Section}:ValidatedTokenCacheSize is {options.ValidatedTokenCacheSize}; it is a count of tokens, 0 or more");
        }

        builder.Services.AddSingleton(issuer);
        builder.Services.AddSingleton<AccessPolicy>();
        builder.Services.AddSingleton(new DevTokenSwitch(DevTokensEnabled(options, builder.Environment)));
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new CachingJsonWebTokenHandler(new ValidatedTokenCache(TimeProvider.System, options.ValidatedTokenCacheSize)));
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = issuer.ValidationParameters();
                jwt.Events = new JwtBearerEvents
                {
                    OnAuthenticationFailed = failed =>
                    {
                        failed.HttpContext.Items[AccessInterceptor.FailureItem] = Describe(failed.Exception);
                        return Task.CompletedTask;
                    },
                };
            });
        return builder;
    }

    /// <summary>Mints tokens for the embedded demo and local tools; never mapped outside Development.</summary>
    public static void MapDevTokens(this WebApplication app, string httpHost)
    {
        if (!app.Services.GetRequiredService<DevTokenSwitch>().Enabled)
        {
            return;
        }

        app.MapPost(DevTokenPath, (DevTokenRequest request, TokenIssuer issuer) =>
        {
            var caller = request.ToCaller();
            if (caller.Problem() is { } problem)
            {
                return Results.BadRequest(new { error = problem });
            }

            var issued = issuer.Issue(caller);
            return Results.Ok(new { token = issued.Token, expiresAt = issued.ExpiresAt, caller = caller.ToString() });
        }).RequireHost(httpHost);
    }

    private static bool DevTokensEnabled(AuthOptions options, IHostEnvironment environment)
    {
        if (options.DevTokens == true && !environment.IsDevelopment())
        {
            throw new InvalidOperationException($"{AuthOptions.Section}:DevTokens can only be on in Development: it hands out any token to anyone who asks");
        }

        return options.DevTokens ?? environment.IsDevelopment();
    }

    private static string Describe(Exception exception) => exception switch
    {
        SecurityTokenExpiredException => "it has expired",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "its signature does not match this deployment's key",
        SecurityTokenInvalidAudienceException => $"its audience is not {AuthOptions.Audience}",
        SecurityTokenInvalidIssuerException => $"its issuer is not {AuthOptions.Issuer}",
        _ => "it is not a valid JWT",
    };

    private sealed record DevTokenSwitch(bool Enabled);
}

/// <summary>The body of POST /dev/token.</summary>
public sealed record DevTokenRequest(string? Role, string? OperatorId, string? SupervisorId, string? OrganisationId, string? Subject)
{
    public Caller ToCaller() => Role switch
    {
        Roles.Operator => new Caller(Roles.Operator, OperatorId ?? string.Empty, OperatorId: OperatorId),
        Roles.Supervisor => new Caller(Roles.Supervisor, SupervisorId ?? Subject ?? string.Empty, OrganisationId: OrganisationId),
        _ => new Caller(Role ?? string.Empty, Subject ?? Role ?? string.Empty),
    };
}
