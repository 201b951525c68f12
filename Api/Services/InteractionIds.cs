using System.Security.Cryptography;
using System.Text;

namespace ContactCenter.Api.Services;

/// <summary>
/// Interaction ids. With an idempotency key the id is derived from it, so a retried registration
/// reaches the same interaction grain and no index is needed.
/// </summary>
public static class InteractionIds
{
    public static string New() => $"i-{Guid.NewGuid():N}";

    public static string FromIdempotencyKey(string key) =>
        $"i-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16))}";
}
