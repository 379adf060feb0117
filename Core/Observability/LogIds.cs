using System.Security.Cryptography;
using System.Text;

namespace BackSignal.Core.Observability;

/// <summary>
/// Logs carry no personal data: an athlete appears as a short keyed one-way reference (HMAC-SHA256 of the id with
/// the secret setting <c>Privacy__LogReferenceKey</c>, a Key Vault secret in Azure), never as the id, which may be
/// a name. Without the key a list of likely ids cannot be hashed to find one; support holding the key can match
/// the id they were given. Without the setting (a local run) each process uses a random key of its own.
/// </summary>
public static class LogIds
{
    public const string Setting = "Privacy:LogReferenceKey";

    private static byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>Uses <paramref name="secret"/> as the key (the same for every instance, so references match).</summary>
    public static void UseKey(string? secret)
    {
        // An unresolved Key Vault reference arrives as its own text: a known string is no key.
        if (string.IsNullOrWhiteSpace(secret) || secret.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal))
            return;
        Volatile.Write(ref _key, SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>
    /// A coach, by the keyed hash of their storage reference (itself an unkeyed hash of the address).
    /// </summary>
    public static string Coach(string? coachRef) => coachRef is null ? "-" : "c" + Athlete(coachRef)[1..];

    /// <summary>The full keyed one-way hash of an id: a record that an id existed (an erasure's tombstone) that
    /// names no one to a reader without the key.</summary>
    public static string Keyed(string id) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Volatile.Read(ref _key), Encoding.UTF8.GetBytes(id)));

    public static string Athlete(string? athleteId) =>
        athleteId is null
            ? "-"
            : "a-"
                + Convert.ToHexStringLower(
                    HMACSHA256.HashData(Volatile.Read(ref _key), Encoding.UTF8.GetBytes(athleteId))
                )[..12];
}
