using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Api.Security;

/// <summary>
/// Remembers tokens that validated, until they expire, so a desk or gateway that sends the same
/// bearer token on every call has its signature checked and its claims parsed once, not per call
/// (about 3.5 % of a node's CPU in the <c>inbound</c> load scenario, BENCHMARKS.md §8). The key is
/// the whole token, signature included, so only the very token that validated can hit; failures
/// are never kept, so every rejected call still gets its reason. The signing key is fixed for the
/// life of the process, which is what makes a remembered answer stay true until expiry.
/// </summary>
/// <remarks>A capacity of 0 turns the cache off.</remarks>
public sealed class ValidatedTokenCache(TimeProvider time, int capacity)
{
    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    public int Count => _valid.Count;

    public async Task<TokenValidationResult> ValidateAsync(
        string token,
        TokenValidationParameters parameters,
        Func<string, TokenValidationParameters, Task<TokenValidationResult>> validate)
    {
        if (capacity == 0)
        {
            return await validate(token, parameters);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var remembered))
        {
            if (remembered.SecurityToken.ValidTo > now)
            {
                return remembered;
            }

            // Expired: drop it and let the validator give the reason (or accept it within the clock skew).
            _valid.TryRemove(token, out _);
        }

        var result = await validate(token, parameters);
        if (result.IsValid && result.SecurityToken.ValidTo > now)
        {
            if (_valid.Count >= capacity)
            {
                // Bounded: a flood of distinct tokens empties the cache rather than growing it.
                _valid.Clear();
            }

            _valid[token] = result;
        }

        return result;
    }
}

/// <summary>The JWT handler of the bearer scheme, with its successful validations remembered.</summary>
public sealed class CachingJsonWebTokenHandler(ValidatedTokenCache cache) : JsonWebTokenHandler
{
    public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters) =>
        cache.ValidateAsync(token, validationParameters, (t, p) => base.ValidateTokenAsync(t, p));
}
