using ContactCenter.Api.Security;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Tests.Api;

/// <summary>Validated bearer tokens are remembered until they expire; failures never are.</summary>
public sealed class ValidatedTokenCacheTests
{
    private readonly TokenIssuer _issuer = new(new SymmetricSecurityKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), TimeSpan.FromHours(1));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private int _validations;

    private Task<TokenValidationResult> Validate(string token, TokenValidationParameters parameters)
    {
        _validations++;
        return _handler.ValidateTokenAsync(token, parameters);
    }

    [Fact]
    public async Task A_token_that_validated_is_answered_from_memory_with_the_same_claims()
    {
        var cache = new ValidatedTokenCache(_time, capacity: 10);
        var token = _issuer.Issue(Caller.OperatorNamed("op-1")).Token;

        var first = await cache.ValidateAsync(token, _issuer.ValidationParameters(), Validate);
        var second = await cache.ValidateAsync(token, _issuer.ValidationParameters(), Validate);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, _validations);
        Assert.Equal("op-1", second.ClaimsIdentity.FindFirst(Roles.OperatorIdClaim)?.Value);
    }

    [Fact]
    public async Task A_token_that_failed_is_checked_again_every_time_and_keeps_its_reason()
    {
        var cache = new ValidatedTokenCache(_time, capacity: 10);
        var foreign = new TokenIssuer(new SymmetricSecurityKey(new byte[32]), TimeSpan.FromHours(1)).Issue(Caller.OperatorNamed("op-1")).Token;

        var first = await cache.ValidateAsync(foreign, _issuer.ValidationParameters(), Validate);
        var second = await cache.ValidateAsync(foreign, _issuer.ValidationParameters(), Validate);

        Assert.False(first.IsValid);
        Assert.False(second.IsValid);
        Assert.IsAssignableFrom<SecurityTokenSignatureKeyNotFoundException>(second.Exception);
        Assert.Equal(2, _validations);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_remembered_token_past_its_expiry_goes_back_to_the_validator()
    {
        var cache = new ValidatedTokenCache(_time, capacity: 10);
        var token = _issuer.Issue(Caller.OperatorNamed("op-1")).Token;
        await cache.ValidateAsync(token, _issuer.ValidationParameters(), Validate);

        _time.Advance(TimeSpan.FromMinutes(59));
        await cache.ValidateAsync(token, _issuer.ValidationParameters(), Validate);
        Assert.Equal(1, _validations);

        _time.Advance(TimeSpan.FromMinutes(2));
        await cache.ValidateAsync(token, _issuer.ValidationParameters(), Validate);
        Assert.Equal(2, _validations);
    }

    [Fact]
    public async Task Distinct_tokens_beyond_the_capacity_never_grow_the_cache_past_it()
    {
        var cache = new ValidatedTokenCache(_time, capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            var result = await cache.ValidateAsync(_issuer.Issue(Caller.OperatorNamed($"op-{i}")).Token, _issuer.ValidationParameters(), Validate);
            Assert.True(result.IsValid);
            Assert.InRange(cache.Count, 1, 3);
        }

        Assert.Equal(10, _validations);
    }

    [Fact]
    public async Task A_capacity_of_zero_validates_every_call()
    {
        var cache = new ValidatedTokenCache(_time, capacity: 0);
        var token = _issuer.Issue(Caller.OperatorNamed("op-1")).Token;
        await cache.ValidateAsync(token, _issuer.ValidationParameters(), Validate);
        await cache.ValidateAsync(token, _issuer.ValidationParameters(), Validate);

        Assert.Equal(2, _validations);
        Assert.Equal(0, cache.Count);
    }
}
