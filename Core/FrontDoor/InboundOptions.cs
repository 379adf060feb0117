using System.ComponentModel.DataAnnotations;

namespace BackSignal.Core.FrontDoor;

/// <summary>Settings of section "Inbound": the mail-in channel (SendGrid Inbound Parse).</summary>
public sealed class InboundOptions
{
    public const string Section = "Inbound";

    /// <summary>
    /// The domain of the personal import addresses ({reference}@{Domain}), whose MX points at SendGrid.
    /// </summary>
    public string Domain { get; set; } = "import.backsignal.localhost";

    /// <summary>
    /// The secret the webhook URL carries as ?code=…, checked by the app itself (in Azure on top of the function
    /// key): base64 of at least 32 random bytes. Required outside a local run (fail closed).
    /// </summary>
    [Configuration.SecretKey]
    public string? WebhookSecret { get; set; }

    /// <summary>SendGrid Inbound Parse refuses mails over 30 MB; nothing larger is read here either.</summary>
    [Range(1, 200)]
    public int MaxMailMegabytes { get; set; } = 30;

    public long MaxMailBytes => MaxMailMegabytes * 1_000_000L;
}
