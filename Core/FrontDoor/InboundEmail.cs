using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackSignal.Core.Configuration;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// `POST /api/inbound/email`: SendGrid Inbound Parse. An export mailed to an athlete's personal import address
/// ({reference}@{Inbound__Domain}) becomes one upload per export attachment, imported like any other, and the
/// athlete gets one reply with the import report once all of them are processed.
/// </summary>
/// <remarks>
/// A mail is accepted only from the athlete's registered address (the envelope sender) and only when SendGrid's
/// SPF or DKIM result passes for the sender's domain: anyone can write any From line. Everything refused still
/// answers 200, so that SendGrid does not retry what can never succeed, is recorded in Rejections with its reason
/// and without the mail's content, and gets no reply (a reply to a forged sender would be backscatter).
/// Idempotent: an upload's id is the hash of its content and the reply is keyed by the mail, so the same mail
/// delivered twice stores the same uploads and replies once.
/// </remarks>
public sealed partial class InboundEmail(
    AccessRefs access,
    AthleteStore athletes,
    ExportUploads uploads,
    RejectionStore rejections,
    FrontDoorGate gate,
    UploadQuota quota,
    IOptions<InboundOptions> options,
    TrainingClock time,
    ILogger<InboundEmail> log
) : IFrontDoorHandler
{
    public const string RejectionQueue = "inbound-email";

    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        // Checked by the adapter before the body is read too; with no secret set, nothing gets in (fail closed).
        if (!gate.WebhookKeyMatches(request.QueryValue("code")))
            return FrontDoorResponse.Text(401, "This webhook needs its key (?code=).");

        var mailId = MailId(request);
        if (request.FormError is { } formError)
            return await RefuseAsync(mailId, formError, ct);
        var domain = options.Value.Domain;
        var envelope = Envelope(request.FormValue("envelope"));
        var recipient = envelope
            .To.Concat(Addresses(request.FormValue("to")))
            .FirstOrDefault(a => a.Host.Equals(domain, StringComparison.OrdinalIgnoreCase));
        if (recipient is null)
            return await RefuseAsync(mailId, $"no recipient at {domain}", ct);
        var athleteId = await access.FindAthleteAsync(recipient.User.ToLowerInvariant(), AccessPurpose.Inbound, ct);
        var profile = athleteId is null ? null : await athletes.FindAsync(athleteId, ct);
        if (profile is null)
            return await RefuseAsync(mailId, "unknown or revoked import address", ct);
        if (
            envelope.From is not { } sender
            || !sender.Address.Equals(profile.Email, StringComparison.OrdinalIgnoreCase)
        )
            return await RefuseAsync(mailId, "the sender is not the athlete's registered address", ct);
        if (!Authenticated(request.FormValue("dkim"), sender.Host))
            return await RefuseAsync(mailId, "no passing DKIM signature aligned with the sender's domain", ct);

        var names = AttachmentNames(request.FormValue("attachment-info"));
        var staged = new List<StagedUpload>();
        var skipped = 0;
        try
        {
            foreach (var file in request.Files.Where(f => f.Field.StartsWith("attachment", StringComparison.Ordinal)))
            {
                var name = names.GetValueOrDefault(file.Field) ?? file.FileName;
                await using var content = file.Open();
                StagedUpload upload;
                try
                {
                    upload = await uploads.StageAsync(content, name, options.Value.MaxMailBytes, ct);
                }
                catch (ImportException)
                {
                    skipped++;
                    continue;
                }
                if (IsExport(upload))
                    staged.Add(upload);
                else
                {
                    upload.Dispose();
                    skipped++;
                }
            }
            if (staged.Count == 0)
                return await RefuseAsync(mailId, $"no export attached ({skipped} other attachment(s))", ct);
            foreach (var upload in staged.DistinctBy(s => s.UploadId))
                if (await quota.TryTakeAsync(profile.AthleteId, null, new FileInfo(upload.Path).Length, ct) is { } full)
                    return await RefuseAsync(mailId, "over the upload quota: " + full, ct);
            var ids = staged.Select(s => s.UploadId).Distinct().ToList();
            var reply = new ImportReply($"mail-{mailId}", ids);
            foreach (var upload in staged.DistinctBy(s => s.UploadId))
                await uploads.UploadStagedAsync(profile.AthleteId, upload, reply, ct);
            LogAccepted(ids.Count, skipped);
            return Received;
        }
        finally
        {
            foreach (var upload in staged)
                upload.Dispose();
        }
    }

    private async Task<FrontDoorResponse> RefuseAsync(string mailId, string reason, CancellationToken ct)
    {
        await rejections.RecordAsync(RejectionQueue, $"mail {mailId} (content not kept)", reason, time.GetUtcNow(), ct);
        LogRefused(reason);
        return Received;
    }

    /// <summary>
    /// The one answer to every mail, accepted or refused: SendGrid needs a 200 (else it retries), and a different
    /// text would tell a sender which import addresses exist and which sender an address accepts. The reason goes
    /// to the Rejections table, and the athlete's reply says what was imported.
    /// </summary>
    public static readonly FrontDoorResponse Received = FrontDoorResponse.Text(200, "Received.");

    /// <summary>Whether a staged attachment is an export BackSignal reads (content-sniffed, not by its name).</summary>
    private static bool IsExport(StagedUpload upload)
    {
        var head = new byte[4096];
        int read;
        using (var file = File.OpenRead(upload.Path))
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        try
        {
            ExportSniffer.Detect(head.AsSpan(0, read), upload.FileName);
            return true;
        }
        catch (ImportException)
        {
            return false;
        }
    }

    /// <summary>
    /// A passing DKIM signature aligned with the sender's domain ("{@example.com : pass}"; relaxed alignment: the
    /// signing domain is the sender's domain, or one is a subdomain of the other). SPF alone is not enough: it
    /// checks the envelope sender, which anyone can set to a domain that passes, not the From the athlete reads.
    /// </summary>
    public static bool Authenticated(string? dkim, string senderDomain) =>
        DkimResult()
            .Matches(dkim ?? "")
            .Any(m =>
                Aligned(m.Groups["domain"].Value, senderDomain)
                && m.Groups["result"].Value.Equals("pass", StringComparison.OrdinalIgnoreCase)
            );

    // A signing domain without a dot ("com") aligns with nothing.
    private static bool Aligned(string signing, string sender) =>
        signing.Contains('.', StringComparison.Ordinal)
        && (
            signing.Equals(sender, StringComparison.OrdinalIgnoreCase)
            || sender.EndsWith("." + signing, StringComparison.OrdinalIgnoreCase)
            || signing.EndsWith("." + sender, StringComparison.OrdinalIgnoreCase)
        );

    [GeneratedRegex(@"@(?<domain>[A-Za-z0-9.-]+)\s*:\s*(?<result>[a-z]+)", RegexOptions.IgnoreCase)]
    private static partial Regex DkimResult();

    private sealed record EnvelopeData(IReadOnlyList<MailAddress> To, MailAddress? From);

    private static EnvelopeData Envelope(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Length > 10_000)
            return new([], null);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var to =
                doc.RootElement.TryGetProperty("to", out var t) && t.ValueKind == JsonValueKind.Array
                    ? t.EnumerateArray().SelectMany(e => Addresses(e.GetString())).ToList()
                    : [];
            var from = doc.RootElement.TryGetProperty("from", out var f)
                ? Addresses(f.GetString()).FirstOrDefault()
                : null;
            return new(to, from);
        }
        catch (JsonException)
        {
            return new([], null);
        }
    }

    private static IEnumerable<MailAddress> Addresses(string? list)
    {
        if (string.IsNullOrWhiteSpace(list) || list.Length > 10_000)
            yield break;
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (MailAddress.TryCreate(part, out var address))
                yield return address;
    }

    private static Dictionary<string, string> AttachmentNames(string? json)
    {
        var names = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(json) || json.Length > 100_000)
            return names;
        try
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var field in doc.RootElement.EnumerateObject())
                if (
                    field.Value.ValueKind == JsonValueKind.Object
                    && field.Value.TryGetProperty("filename", out var name)
                    && name.GetString() is { Length: > 0 } text
                )
                    names[field.Name] = text;
        }
        catch (JsonException) { }
        return names;
    }

    /// <summary>
    /// The mail's identity for the one reply and the rejection row: its Message-ID when SendGrid passes the headers,
    /// else what the mail says about itself.
    /// </summary>
    private static string MailId(FrontDoorRequest request)
    {
        var headers = request.FormValue("headers") ?? "";
        var messageId = MessageIdHeader().Match(headers) is { Success: true } m ? m.Groups[1].Value.Trim() : null;
        var basis =
            messageId
            ?? string.Join(
                "|",
                request.FormValue("envelope"),
                request.FormValue("subject"),
                string.Join(",", request.Files.Select(f => $"{f.Field}:{f.FileName}:{f.Length}"))
            );
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(basis)))[..24];
    }

    [GeneratedRegex(@"^Message-ID:\s*(.+)$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex MessageIdHeader();

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail-in accepted: {Exports} export(s), {Skipped} other")]
    private partial void LogAccepted(int exports, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail-in refused: {Reason}")]
    private partial void LogRefused(string reason);
}
