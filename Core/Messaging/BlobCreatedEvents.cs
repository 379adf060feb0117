using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BackSignal.Core.Model;

namespace BackSignal.Core.Messaging;

/// <summary>
/// Event Grid's BlobCreated events of container `exports`, as Event Grid delivers them to the `exports` queue (one
/// event per message, in the Event Grid schema; the queue trigger has already undone the queue's base64), read into
/// the same <see cref="ExportUploaded"/> the upload paths send. A blob named {athleteId}/{uploadId}/{file} is that
/// upload; one dropped as {athleteId}/{file} (or deeper) gets an upload id from its name and ETag.
/// </summary>
public static class BlobCreatedEvents
{
    private const string Prefix = "/blobServices/default/containers/exports/blobs/";

    public static bool IsEvent(string body) =>
        body.Contains("\"eventType\"", StringComparison.Ordinal) && body.Contains(Prefix, StringComparison.Ordinal);

    /// <summary>The upload an event names, or why it names none.</summary>
    public static (ExportUploaded? Upload, string? Problem) Read(string body)
    {
        JsonElement e;
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            e =
                doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() == 1
                    ? doc.RootElement[0].Clone()
                    : doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return (null, $"Invalid JSON: {ex.Message}");
        }
        if (e.ValueKind != JsonValueKind.Object || Text(e, "eventType") != "Microsoft.Storage.BlobCreated")
            return (null, "Not a BlobCreated event.");
        var subject = Text(e, "subject") ?? "";
        if (!subject.StartsWith(Prefix, StringComparison.Ordinal))
            return (null, "The event is not about container exports.");
        var name = Uri.UnescapeDataString(subject[Prefix.Length..]);
        var parts = name.Split('/');
        if (parts.Length < 2 || !AthleteIds.IsValid(parts[0]) || parts.Any(p => p.Length == 0 || p is "." or ".."))
            return (null, "A dropped export goes to exports/{athleteId}/{file name}.");
        var file = parts[^1];
        if (parts.Length == 3 && parts[1].Length == 24 && parts[1].All(char.IsAsciiHexDigitLower))
            return (new ExportUploaded(parts[0], parts[1], name, file), null);
        var etag = e.TryGetProperty("data", out var data) ? Text(data, "eTag") ?? "" : "";
        var uploadId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}|{etag}")))[..24];
        return (new ExportUploaded(parts[0], uploadId, name, file), null);
    }

    private static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
