using System.Security.Cryptography;
using System.Text;

namespace ContactCenter.Citizens;

/// <summary>A secret kept only as a salted slow hash (PBKDF2-HMAC-SHA256) with the cost it was made with.</summary>
[GenerateSerializer, Immutable]
public sealed record SecretHash(
    [property: Id(0)] byte[] Salt,
    [property: Id(1)] byte[] Hash,
    [property: Id(2)] int Iterations)
{
    // The generated ToString would print the bytes; nothing about a hash belongs in a log.
    public override string ToString() => $"PBKDF2-SHA256 ({Iterations} iterations)";
}

/// <summary>
/// The framework's PBKDF2: a random 16-byte salt per secret, SHA-256, a 32-byte key, and a
/// fixed-time comparison. The iteration count is stored with each hash, so raising it in
/// configuration applies to secrets set from then on without invalidating the older ones.
/// </summary>
public static class SecretHasher
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static SecretHash Hash(string secret, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new SecretHash(salt, Derive(secret, salt, iterations), iterations);
    }

    public static bool Verify(string secret, SecretHash stored) =>
        CryptographicOperations.FixedTimeEquals(Derive(secret, stored.Salt, stored.Iterations), stored.Hash);

    private static byte[] Derive(string secret, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
