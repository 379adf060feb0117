namespace BackSignal.Core.Email;

/// <summary>A rendered email for one recipient. Custom args carry opaque ids only, never names or symptoms.</summary>
public sealed record OutgoingEmail(
    string To,
    string Subject,
    string Html,
    string Text,
    string Category,
    IReadOnlyDictionary<string, string> CustomArgs
)
{
    /// <summary>Images shown in the HTML through <c>cid:</c> links (no external images in an email).</summary>
    public IReadOnlyList<InlineImage> InlineImages { get; init; } = [];

    /// <summary>The language the email is written in: sent as its Content-Language header.</summary>
    public string Language { get; init; } = "en";

    /// <summary>
    /// The SendGrid unsubscribe group of optional emails (the weekly ones); null for transactional alerts.
    /// </summary>
    public int? UnsubscribeGroupId { get; init; }

    /// <summary>
    /// The one-click unsubscribe URL of an email that may be unsubscribed (RFC 8058: sent as List-Unsubscribe with
    /// List-Unsubscribe-Post); null for see-a-doctor advice and import reports.
    /// </summary>
    public string? OneClickUnsubscribe { get; init; }
}

public sealed record InlineImage(string ContentId, string FileName, string MimeType, byte[] Content);

public enum SendOutcome
{
    Accepted,
    Rejected,
}

public sealed record SendResult(SendOutcome Outcome, int StatusCode, string? ProviderMessageId, string? Reason);

/// <summary>SendGrid could not take the message now (429, 5xx, timeout): the queue should try again later.</summary>
public class TransientEmailException(string message, Exception? inner = null, bool maybeSent = false)
    : Exception(message, inner)
{
    /// <summary>
    /// The request may have reached SendGrid before the failure (a timeout after sending): sending again could
    /// deliver the email twice.
    /// </summary>
    public bool MaybeSent { get; } = maybeSent;
}

/// <summary>
/// SendGrid refused the key or the sender (401, 403): a fault of the deployment, not of the email. The message
/// goes back to the queue to wait for the fix, and is never marked failed.
/// </summary>
public sealed class EmailConfigurationException(int status)
    : TransientEmailException(
        $"SendGrid answered {status}: the API key or the sender is not accepted (a configuration fault: check the "
            + "Key Vault secret and the verified sender). The email waits in the queue."
    );
