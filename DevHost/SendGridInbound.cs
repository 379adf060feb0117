using System.Net.Http.Headers;
using System.Text.Json;

namespace BackSignal.DevHost;

/// <summary>
/// A POST shaped like SendGrid Inbound Parse's (multipart/form-data with from, to, subject, envelope, SPF, dkim,
/// headers, attachments, attachment-info and attachment1…): what the demo mails in with, on this machine.
/// </summary>
public static class SendGridInbound
{
    public static MultipartFormDataContent Mail(
        string from,
        string to,
        string subject,
        IReadOnlyList<(string FileName, byte[] Content)> attachments,
        string spf = "pass",
        string? messageId = null
    )
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(from), "from");
        form.Add(new StringContent(to), "to");
        form.Add(new StringContent(subject), "subject");
        form.Add(new StringContent(JsonSerializer.Serialize(new { to = new[] { to }, from })), "envelope");
        form.Add(new StringContent(spf), "SPF");
        form.Add(new StringContent($"{{@{from.Split('@')[^1]} : {spf}}}"), "dkim");
        var id = messageId ?? $"<{Guid.NewGuid():N}@{from.Split('@')[^1]}>";
        form.Add(new StringContent($"Message-ID: {id}\nSubject: {subject}\n"), "headers");
        form.Add(
            new StringContent(attachments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "attachments"
        );
        var info = attachments
            .Select((a, i) => (Key: $"attachment{i + 1}", Value: new { filename = a.FileName, type = "text/csv" }))
            .ToDictionary(x => x.Key, x => x.Value);
        form.Add(new StringContent(JsonSerializer.Serialize(info)), "attachment-info");
        for (var i = 0; i < attachments.Count; i++)
        {
            var file = new ByteArrayContent(attachments[i].Content);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, $"attachment{i + 1}", attachments[i].FileName);
        }
        return form;
    }
}
