namespace BackSignal.Core.Email;

/// <summary>A rendered email for one recipient. Custom args carry opaque ids only, never names or symptoms.</summary>
public sealed record OutgoingEmail(
    string To,
    string Subject,
    string Html,
    string Text,
    string Category,
    IReadOnlyDictionary<string, string> CustomArgs)
{
    /// <summary>Images shown in the HTML through <c>cid:</c> links (no external images in an email).</summary>
    public IReadOnlyList<InlineImage> InlineImages { get; init; } = [];
    /// <summary>The SendGrid unsubscribe group of optional emails (the weekly ones); null for transactional alerts.</summary>
    public int? UnsubscribeGroupId { get; init; }
}

public sealed record InlineImage(string ContentId, string FileName, string MimeType, byte[] Content);

public enum SendOutcome { Accepted, Rejected }

public sealed record SendResult(SendOutcome Outcome, int StatusCode, string? ProviderMessageId, string? Reason);

/// <summary>SendGrid could not take the message now (429, 5xx, timeout): the queue should try again later.</summary>
public sealed class TransientEmailException(string message, Exception? inner = null) : Exception(message, inner);
