using BackSignal.Core.Messaging;
using BackSignal.Core.Model;

namespace BackSignal.Tests.Pipeline;

/// <summary>
/// Event Grid's BlobCreated events read through Azure.Messaging.EventGrid's system event types, in the layout Azure's
/// documentation shows for a storage queue subscription (Event Grid schema, one event per message).
/// </summary>
public class BlobCreatedEventTests
{
    private static string Event(string type, string subject) =>
        $$"""
            [{
              "topic": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
              "subject": "{{subject}}",
              "eventType": "{{type}}",
              "id": "831e1650-001e-001b-66ab-eeb76e069631",
              "data": {
                "api": "PutBlockList", "clientRequestId": "6d79dbfb-0e37-4fc4-981f-442c9ca89a1e",
                "requestId": "831e1650-001e-001b-66ab-eeb76e000000", "eTag": "0x8D4BCC2E4835CD0",
                "contentType": "text/csv", "contentLength": 524288, "blobType": "BlockBlob",
                "url": "https://st.blob.core.windows.net/exports/ana/strong.csv",
            "sequencer": "00000000000004420000000000028963",
                "storageDiagnostics": { "batchId": "b68529f3-68cd-4744-baa4-3c0498ec19f0" }
              },
              "dataVersion": "", "metadataVersion": "1", "eventTime": "2026-11-20T18:41:00.9584103Z"
            }]
            """;

    [Fact]
    public void A_dropped_blob_becomes_an_upload_with_an_id_from_its_name_and_etag()
    {
        var e = BlobCreatedEvents.AsEvent(
            Event("Microsoft.Storage.BlobCreated", "/blobServices/default/containers/exports/blobs/ana/strong.csv")
        );
        var (upload, problem) = BlobCreatedEvents.Read(Assert.IsType<Azure.Messaging.EventGrid.EventGridEvent>(e));
        Assert.Null(problem);
        Assert.Equal("ana", upload!.AthleteId);
        Assert.Equal("strong.csv", upload.FileName);
        Assert.Equal(24, upload.UploadId.Length);
        // The same name with another ETag is another upload.
        var other = BlobCreatedEvents.Read(
            BlobCreatedEvents.AsEvent(
                Event("Microsoft.Storage.BlobCreated", "/blobServices/default/containers/exports/blobs/ana/strong.csv")
                    .Replace("0x8D4BCC2E4835CD0", "0x8D4BCC2E4835CD1")
            )!
        );
        Assert.NotEqual(upload.UploadId, other.Upload!.UploadId);
    }

    [Fact]
    public void Other_events_containers_and_BackSignal_s_own_messages_are_told_apart()
    {
        var deleted = BlobCreatedEvents.AsEvent(
            Event("Microsoft.Storage.BlobDeleted", "/blobServices/default/containers/exports/blobs/ana/strong.csv")
        );
        Assert.Equal("Not a BlobCreated event.", BlobCreatedEvents.Read(deleted!).Problem);
        var elsewhere = BlobCreatedEvents.AsEvent(
            Event("Microsoft.Storage.BlobCreated", "/blobServices/default/containers/other/blobs/ana/strong.csv")
        );
        Assert.Equal("The event is not about container exports.", BlobCreatedEvents.Read(elsewhere!).Problem);

        // An upload message of BackSignal's own, even one whose file name mentions an event, is no event.
        var own = Json.Serialize(
            new ExportUploaded("ana", new string('a', 24), "ana/x/eventType.csv", "eventType.csv")
        );
        Assert.Null(BlobCreatedEvents.AsEvent(own));
        Assert.Null(BlobCreatedEvents.AsEvent("not json"));
    }
}
