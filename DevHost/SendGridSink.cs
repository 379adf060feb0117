using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackSignal.DevHost;

/// <summary>One message the sink accepted, as SendGrid would have delivered it.</summary>
public sealed record SinkMessage(
    IReadOnlyList<string> To,
    string From,
    string Subject,
    string? Html,
    string? Text,
    IReadOnlyList<string> Categories,
    IReadOnlyDictionary<string, string> CustomArgs,
    IReadOnlyList<string> Attachments,
    string HtmlFile
)
{
    /// <summary>The mail's headers (message-level and each personalization's), such as List-Unsubscribe.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A local stand-in for SendGrid's v3 mail/send endpoint on 127.0.0.1: 401 without a bearer key, 400 on JSON
/// that is not a mail, 202 otherwise, and each accepted mail written to the outbox folder as an .html file (with
/// the raw JSON beside it). Faults can be planned, for tests of the retry path.
/// </summary>
public sealed class SendGridSink : IAsyncDisposable
{
    public const long MaxRequestBytes = 30 * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _plannedFaults = new();
    private readonly ConcurrentQueue<SinkMessage> _messages = new();
    private int _sequence;
    private int _requests;

    private SendGridSink(WebApplication app, string outbox)
    {
        _app = app;
        Outbox = outbox;
    }

    public string Outbox { get; }
    public Uri BaseAddress { get; private set; } = null!;
    public IReadOnlyCollection<SinkMessage> Messages => _messages;

    /// <summary>Every POST to mail/send, faults included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Forgets the faults still planned: the service is healthy again.</summary>
    public void ClearFaults() => _plannedFaults.Clear();

    /// <summary>
    /// The next requests are answered with these statuses (e.g. 503, or 429 with Retry-After) before 202 again.
    /// </summary>
    public void PlanFaults(params (int Status, string? RetryAfter)[] faults)
    {
        foreach (var fault in faults)
            _plannedFaults.Enqueue(fault);
    }

    public void Clear() => _messages.Clear();

    private readonly System.Collections.Concurrent.ConcurrentQueue<TimeSpan> _slowAccepts = new();

    /// <summary>
    /// The next request is accepted (recorded, as SendGrid would send it) but answered only after
    /// <paramref name="delay"/>: the case where the client cannot know whether its POST went through.
    /// </summary>
    public void PlanSlowAccept(TimeSpan delay) => _slowAccepts.Enqueue(delay);

    public static async Task<SendGridSink> StartAsync(string outbox, int port = 0)
    {
        Directory.CreateDirectory(outbox);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBytes);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var sink = new SendGridSink(app, Path.GetFullPath(outbox));
        app.MapPost("/v3/mail/send", (Delegate)sink.HandleAsync);
        await app.StartAsync();
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        sink.BaseAddress = new Uri(address);
        return sink;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var auth = context.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || auth.Length <= "Bearer ".Length)
            return Error(
                HttpStatusCode.Unauthorized,
                "The provided authorization grant is invalid, expired, or revoked"
            );

        if (_plannedFaults.TryDequeue(out var fault))
        {
            if (fault.RetryAfter is not null)
                context.Response.Headers.RetryAfter = fault.RetryAfter;
            return Error((HttpStatusCode)fault.Status, "planned fault");
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync(context.RequestAborted);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw);
        }
        catch (JsonException e)
        {
            return Error(HttpStatusCode.BadRequest, "Bad Request: " + e.Message);
        }
        using (document)
        {
            if (Validate(document.RootElement) is { } problem)
                return Error(HttpStatusCode.BadRequest, problem);
            var message = await WriteAsync(document.RootElement, raw);
            _messages.Enqueue(message);
        }
        context.Response.Headers["X-Message-Id"] = Guid.NewGuid().ToString("N");
        if (_slowAccepts.TryDequeue(out var delay))
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException) { }
        }
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static string? Validate(JsonElement mail)
    {
        if (mail.ValueKind != JsonValueKind.Object)
            return "The request body must be a JSON object.";
        if (
            !mail.TryGetProperty("personalizations", out var people)
            || people.ValueKind != JsonValueKind.Array
            || people.GetArrayLength() == 0
        )
            return "The personalizations field is required and must have at least one personalization.";
        foreach (var person in people.EnumerateArray())
        {
            if (
                !person.TryGetProperty("to", out var to)
                || to.ValueKind != JsonValueKind.Array
                || to.GetArrayLength() == 0
            )
                return "Each personalization needs a 'to' array.";
            if (
                to.EnumerateArray()
                    .Any(t => !t.TryGetProperty("email", out var e) || !(e.GetString() ?? "").Contains('@'))
            )
                return "Each 'to' needs a valid email.";
        }
        if (!mail.TryGetProperty("from", out var from) || !from.TryGetProperty("email", out _))
            return "The from email is required.";
        if (!mail.TryGetProperty("subject", out _))
            return "The subject is required.";
        if (
            !mail.TryGetProperty("content", out var content)
            || content.ValueKind != JsonValueKind.Array
            || content.GetArrayLength() == 0
        )
            return "Content is required.";
        return null;
    }

    private async Task<SinkMessage> WriteAsync(JsonElement mail, string raw)
    {
        var to = mail.GetProperty("personalizations")
            .EnumerateArray()
            .SelectMany(p => p.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("email").GetString()!))
            .ToList();
        string? html = null,
            text = null;
        foreach (var part in mail.GetProperty("content").EnumerateArray())
        {
            var type = part.GetProperty("type").GetString();
            if (type == "text/html")
                html = part.GetProperty("value").GetString();
            else if (type == "text/plain")
                text = part.GetProperty("value").GetString();
        }
        var categories = mail.TryGetProperty("categories", out var c)
            ? c.EnumerateArray().Select(x => x.GetString()!).ToList()
            : [];
        var args = new Dictionary<string, string>();
        if (mail.TryGetProperty("custom_args", out var custom))
            foreach (var p in custom.EnumerateObject())
                args[p.Name] = p.Value.GetString() ?? "";
        foreach (var person in mail.GetProperty("personalizations").EnumerateArray())
            if (person.TryGetProperty("custom_args", out var personal))
                foreach (var p in personal.EnumerateObject())
                    args[p.Name] = p.Value.GetString() ?? "";

        var n = Interlocked.Increment(ref _sequence);
        var stem = Path.Combine(
            Outbox,
            string.Create(
                CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{n:D4}-{Slug(categories.FirstOrDefault() ?? "mail")}-"
                    + $"{Slug(to.FirstOrDefault() ?? "")}"
            )
        );

        // Inline images (content_id) are saved beside the page and cid: links point at them, so the file opens in a
        // browser.
        var attachments = new List<string>();
        var page = html ?? $"<pre>{WebUtility.HtmlEncode(text ?? "")}</pre>";
        if (mail.TryGetProperty("attachments", out var files))
        {
            foreach (var file in files.EnumerateArray())
            {
                var name = Slug(file.GetProperty("filename").GetString() ?? "attachment");
                var path = $"{stem}-{name}";
                await File.WriteAllBytesAsync(
                    path,
                    Convert.FromBase64String(file.GetProperty("content").GetString() ?? "")
                );
                attachments.Add(path);
                if (file.TryGetProperty("content_id", out var cid))
                    page = page.Replace("cid:" + cid.GetString(), Path.GetFileName(path), StringComparison.Ordinal);
            }
        }
        await File.WriteAllTextAsync(stem + ".html", page);
        await File.WriteAllTextAsync(stem + ".json", raw);
        var from = mail.GetProperty("from").GetProperty("email").GetString() ?? "";
        var subject = mail.GetProperty("subject").GetString() ?? "";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var holder in mail.GetProperty("personalizations").EnumerateArray().Prepend(mail).ToList())
            if (holder.TryGetProperty("headers", out var given) && given.ValueKind == JsonValueKind.Object)
                foreach (var h in given.EnumerateObject())
                    headers[h.Name] = h.Value.GetString() ?? "";
        return new SinkMessage(to, from, subject, html, text, categories, args, attachments, stem + ".html")
        {
            Headers = headers,
        };
    }

    private static string Slug(string value)
    {
        var chars = value.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' ? ch : '_').Take(40).ToArray();
        return new string(chars);
    }

    private static IResult Error(HttpStatusCode status, string message) =>
        Results.Json(
            new
            {
                errors = new[]
                {
                    new
                    {
                        message,
                        field = (string?)null,
                        help = (string?)null,
                    },
                },
            },
            statusCode: (int)status
        );

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
