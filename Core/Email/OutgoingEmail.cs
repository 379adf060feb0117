namespace BackSignal.Core.Email;

/// <summary>A rendered email for one recipient. Custom args carry opaque ids only, never names or symptoms.</summary>
public sealed record OutgoingEmail(
    string To,
    string Subject,
    string Html,
    string Text,
    string Category,
    IReadOnlyDictionary<string, string> CustomArgs);

public enum SendOutcome { Accepted, Rejected }

public sealed record SendResult(SendOutcome Outcome, int StatusCode, string? ProviderMessageId, string? Reason);

/// <summary>SendGrid could not take the message now (429, 5xx, timeout): the queue should try again later.</summary>
public sealed class TransientEmailException(string message, Exception? inner = null) : Exception(message, inner);
