using System.ComponentModel.DataAnnotations;

namespace BackSignal.Core.Configuration;

/// <summary>
/// A secret key setting that must be a real key: base64 of at least 32 random bytes (`openssl rand -base64 32`).
/// An unresolved Key Vault reference (App Service hands the app "@Microsoft.KeyVault(…)" as the value when the
/// secret is missing) passes any length check and is public text: a key anyone can compute. Empty passes (the
/// setting is optional where it is; the hosts require it where they need it).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretKeyAttribute : ValidationAttribute
{
    public const int MinBytes = 32;

    /// <summary>
    /// For a setting that is optional in Azure too (the previous link key before any rotation): an unresolved Key
    /// Vault reference then means "not set", and the value is never used as a key.
    /// </summary>
    public bool UnresolvedMeansUnset { get; init; }

    public static bool IsUnresolvedReference(string? value) =>
        value?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true;

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        (UnresolvedMeansUnset && IsUnresolvedReference(value as string) ? null : Problem(value as string))
            is { } problem
            ? new ValidationResult($"{context.MemberName}: {problem}", [context.MemberName!])
            : ValidationResult.Success;

    /// <summary>Why <paramref name="value"/> is no key, or null when it is one (or empty).</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (IsUnresolvedReference(value))
            return "is an unresolved Key Vault reference, not a key: the secret is missing from the vault or the app "
                + "cannot read it";
        var bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value.Trim(), bytes, out var length))
            return $"is not base64: make one with `openssl rand -base64 {MinBytes}`";
        return length < MinBytes
            ? $"is {length} bytes, fewer than {MinBytes} random bytes: make one with `openssl rand -base64 {MinBytes}`"
            : null;
    }
}
