using System.Collections.Concurrent;
using System.Net.Http.Json;
using ContactCenter.Api.Security;
using ContactCenter.LoadTests.Cli;

namespace ContactCenter.LoadTests.Nodes;

/// <summary>
/// Bearer tokens for the roles the load plays, one per identity, minted once: with the node's own
/// key (an embedded node, or <c>--signing-key</c> for a deployment whose key the tester holds) or
/// from the node's dev endpoint (<c>--token-url</c>; a node in Development, as
/// <c>dotnet run --project Api</c> runs).
/// </summary>
public sealed class NodeTokens
{
    // Lazy: callers of one role arrive hundreds at once, and each would otherwise mint (or fetch) its own.
    private readonly ConcurrentDictionary<Caller, Lazy<string>> _tokens = new();
    private readonly Func<Caller, string> _mint;

    private NodeTokens(Func<Caller, string> mint) => _mint = mint;

    public static IReadOnlyList<string> Options => ["--signing-key", "--token-url"];

    public static NodeTokens From(TokenIssuer issuer) => new(caller => issuer.Issue(caller).Token);

    /// <summary>Tokens signed with a node's Auth:SigningKey, as a node outside Development checks them.</summary>
    public static NodeTokens SignedWith(string signingKey) =>
        From(TokenIssuer.Create(new AuthOptions { SigningKey = signingKey }, development: false));

    /// <summary>For a node this tool did not start: its key, else its dev endpoint on the HTTP port (8080 unless told).</summary>
    public static NodeTokens ForTarget(Uri target, CliOptions options)
    {
        if (options.Get("--signing-key") is { } key)
        {
            return SignedWith(key);
        }

        return FromDevEndpoint(new Uri(options.Get("--token-url") ?? $"http://{target.Host}:8080{AuthConfiguration.DevTokenPath}"));
    }

    /// <summary>Tokens from a Development node's token endpoint.</summary>
    public static NodeTokens FromDevEndpoint(Uri endpoint)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return new NodeTokens(caller => Fetch(http, endpoint, caller));
    }

    public string For(Caller caller) => _tokens.GetOrAdd(caller, c => new Lazy<string>(() => _mint(c))).Value;

    /// <summary>
    /// Synchronous on purpose: tokens are asked for inside interceptors, which cannot wait, and a
    /// blocking send needs no thread-pool thread to finish, so hundreds of callers blocked on the
    /// first fetch cannot starve it.
    /// </summary>
    private static string Fetch(HttpClient http, Uri endpoint, Caller caller)
    {
        var body = new DevTokenRequest(caller.Role, caller.OperatorId, caller.Role == Roles.Supervisor ? caller.Subject : null, caller.OrganisationId, caller.Subject);
        using var response = http.Send(new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent.Create(body) });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{endpoint} answered {(int)response.StatusCode} for a {caller.Role} token: is the node in Development? Otherwise pass --signing-key with its Auth:SigningKey");
        }

        using var content = response.Content.ReadAsStream();
        var issued = System.Text.Json.JsonSerializer.Deserialize<DevTokenResponse>(content, JsonOptions);
        return issued?.Token ?? throw new InvalidOperationException($"{endpoint} returned no token");
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);

    private sealed record DevTokenResponse(string Token);
}
