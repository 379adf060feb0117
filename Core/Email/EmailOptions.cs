using System.ComponentModel.DataAnnotations;

namespace BackSignal.Core.Email;

/// <summary>
/// Settings of section "SendGrid" (environment: SendGrid__ApiKey, SendGrid__Host, SendGrid__FromEmail...).
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "SendGrid";
    public const string HttpClientName = "sendgrid";

    /// <summary>Required: a Key Vault reference in Azure, any value for the local sink.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ApiKey { get; set; } = "";

    /// <summary>SendGrid's API by default; locally the sink, e.g. http://127.0.0.1:7071.</summary>
    public string? Host { get; set; }

    [Required, EmailAddress]
    public string FromEmail { get; set; } = "alerts@backsignal.example";
    public string FromName { get; set; } = "BackSignal";

    /// <summary>The SendGrid unsubscribe group of the weekly summary and the coach digest (alerts use none).</summary>
    public int? WeeklyUnsubscribeGroupId { get; set; }

    /// <summary>
    /// Retries of 429 and 5xx within one delivery attempt (Retry-After is honoured up to MaxRetryDelay).
    /// </summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 4;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Bounds one send with all its retries, well inside the queue message's visibility timeout.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);
}
