namespace BackSignal.Core.Model;

/// <summary>Coaches have no profile of their own: they are known by a one-way reference to their address.</summary>
public static class CoachRefs
{
    public static string Of(string email) =>
        Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())
            )
        )[..24];

    public static string Partition(string coachRef) => "coach-" + coachRef;
}
