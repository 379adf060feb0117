namespace BackSignal.Core.Observability;

/// <summary>Settings of section "Privacy": the key of athlete references in logs (a Key Vault secret).</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// HMAC key of <see cref="LogIds"/>: base64 of at least 32 random bytes; unset locally (each process makes its
    /// own). An unresolved Key Vault reference refuses to start the app: a known string is no key.
    /// </summary>
    [Configuration.SecretKey]
    public string? LogReferenceKey { get; set; }
}
