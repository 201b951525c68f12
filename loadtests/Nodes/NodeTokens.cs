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
    private readonly ConcurrentDictionary<Caller, string> _tokens = new();
    private readonly Func<Caller, string> _mint;

    private NodeTokens(Func<Caller, string> mint) => _mint = mint;

    public static IReadOnlyList<string> Options => ["--signing-key", "--token-url"];

    public static NodeTokens From(TokenIssuer issuer) => new(caller => issuer.Issue(caller).Token);

    /// <summary>For a node this tool did not start: its key, else its dev endpoint on the HTTP port (8080 unless told).</summary>
    public static NodeTokens ForTarget(Uri target, CliOptions options)
    {
        if (options.Get("--signing-key") is { } key)
        {
            return From(TokenIssuer.Create(new AuthOptions { SigningKey = key }, development: false));
        }

        var endpoint = new Uri(options.Get("--token-url") ?? $"http://{target.Host}:8080{AuthConfiguration.DevTokenPath}");
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return new NodeTokens(caller => FetchAsync(http, endpoint, caller).GetAwaiter().GetResult());
    }

    public string For(Caller caller) => _tokens.GetOrAdd(caller, _mint);

    private static async Task<string> FetchAsync(HttpClient http, Uri endpoint, Caller caller)
    {
        var body = new DevTokenRequest(caller.Role, caller.OperatorId, caller.Role == Roles.Supervisor ? caller.Subject : null, caller.OrganisationId, caller.Subject);
        using var response = await http.PostAsJsonAsync(endpoint, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{endpoint} answered {(int)response.StatusCode} for a {caller.Role} token: is the node in Development? Otherwise pass --signing-key with its Auth:SigningKey");
        }

        var issued = await response.Content.ReadFromJsonAsync<DevTokenResponse>();
        return issued?.Token ?? throw new InvalidOperationException($"{endpoint} returned no token");
    }

    private sealed record DevTokenResponse(string Token);
}
