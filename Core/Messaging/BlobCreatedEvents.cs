using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Messaging;

/// <summary>
/// Event Grid's BlobCreated events of container `exports`, as Event Grid delivers them to the `exports` queue (one
/// event per message, in the Event Grid schema; the queue trigger has already undone the queue's base64), read into
/// the same <see cref="ExportUploaded"/> the upload paths send. A blob named {athleteId}/{uploadId}/{file} is that
/// upload; one dropped as {athleteId}/{file} (or deeper) gets an upload id from its name and ETag.
/// </summary>
public static class BlobCreatedEvents
{
    private const string Prefix = "/blobServices/default/containers/" + ContainerNames.Exports + "/blobs/";

    /// <summary>
    /// The Event Grid event a message holds (one event, or an array of one), or null when it is none: BackSignal's
    /// own messages lack the fields every event has.
    /// </summary>
    public static EventGridEvent? AsEvent(string body)
    {
        try
        {
            var events = EventGridEvent.ParseMany(BinaryData.FromString(body));
            return events.Length == 1 ? events[0] : null;
        }
        catch (Exception e)
            when (e is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The upload an event names, or why it names none.</summary>
    public static (ExportUploaded? Upload, string? Problem) Read(EventGridEvent e)
    {
        if (e.EventType != SystemEventNames.StorageBlobCreated)
            return (null, "Not a BlobCreated event.");
        var subject = e.Subject ?? "";
        if (!subject.StartsWith(Prefix, StringComparison.Ordinal))
            return (null, "The event is not about container exports.");
        var name = Uri.UnescapeDataString(subject[Prefix.Length..]);
        var parts = name.Split('/');
        if (parts.Length < 2 || !AthleteIds.IsValid(parts[0]) || parts.Any(p => p.Length == 0 || p is "." or ".."))
            return (null, "A dropped export goes to exports/{athleteId}/{file name}.");
        var file = parts[^1];
        if (parts.Length == 3 && parts[1].Length == 24 && parts[1].All(char.IsAsciiHexDigitLower))
            return (new ExportUploaded(parts[0], parts[1], name, file), null);
        var etag = TryData(e)?.ETag ?? "";
        var uploadId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}|{etag}")))[..24];
        return (new ExportUploaded(parts[0], uploadId, name, file), null);
    }

    private static StorageBlobCreatedEventData? TryData(EventGridEvent e)
    {
        try
        {
            return e.TryGetSystemEventData(out var data) ? data as StorageBlobCreatedEventData : null;
        }
        catch (Exception x) when (x is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
