using System.Security.Cryptography;
using System.Text;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Logs carry no personal data: an athlete appears as a short one-way reference that support can match
/// against the id they were given, never as the id (which may be a name) itself.
/// </summary>
public static class LogIds
{
    public static string Athlete(string? athleteId) =>
        athleteId is null ? "-" : "a-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(athleteId)))[..10];
}
