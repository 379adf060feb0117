using Azure.Data.Tables;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Pipeline;

/// <summary>
/// An alert's emails are queued once, by the message whose commit decided to email it; another path leaves that
/// claim alone while it is fresh, takes it over once stale, and the owner's redelivery queues them again.
/// </summary>
[Collection(StorageCollection.Name)]
public class AlertClaimTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_fresh_claim_of_another_message_is_left_alone_a_stale_one_taken_over_and_its_own_queued_again()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var today = DateOnly.FromDateTime(harness.Clock.GetUtcNow().UtcDateTime);
        var athlete = await harness.SeedSpikeAsync("claim-ana", today);
        await harness.DrainAllAsync();
        var alert = (await harness.RowsAsync(athlete.AthleteId, RowKeys.Alert)).First(a =>
            a.GetBoolean("Notify") == true
        );
        Assert.Equal(true, alert.GetBoolean("Queued"));
        Assert.NotNull(alert.GetString("QueueClaim"));
        var emails = harness.Queue.GetQueue(QueueNames.Emails);
        var recompute = harness.Queue.GetQueue(QueueNames.Recompute);
        var body = Json.Serialize(new RecomputeRequest(athlete.AthleteId, today));

        // Decided by another message a moment ago, not queued yet: that message is about to queue it.
        await ClaimAsync(harness, alert, "another-message", DateTimeOffset.UtcNow);
        await harness.ProcessAsync(QueueNames.Recompute, body);
        Assert.Equal(0, (await emails.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        // ...this recompute looks again within seconds, not the claim's whole grace (the claimant has queued them by
        // then: the demo waited a minute on such copies), and takes them over only once the claim is stale.
        Assert.Equal(1, (await recompute.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Null((await recompute.PeekMessageAsync()).Value);
        await Task.Delay(RecomputeHandler.ClaimRecheck + TimeSpan.FromSeconds(1));
        Assert.NotNull((await recompute.PeekMessageAsync()).Value);
        await recompute.ClearMessagesAsync();

        // The same claim gone stale: taken over, queued once.
        await ClaimAsync(harness, alert, "another-message", DateTimeOffset.UtcNow - AlertClaims.Grace);
        await harness.ProcessAsync(QueueNames.Recompute, body);
        var queued = (await emails.ReceiveMessagesAsync(32)).Value;
        Assert.Single(queued);
        Assert.Contains(alert.RowKey[RowKeys.Alert.Length..], queued[0].MessageText);
        await emails.ClearMessagesAsync();

        // The message that claimed it, delivered again after dying before it queued: it queues it.
        await ClaimAsync(harness, alert, AlertClaims.Of(body), DateTimeOffset.UtcNow);
        await harness.ProcessAsync(QueueNames.Recompute, body);
        Assert.Single((await emails.ReceiveMessagesAsync(32)).Value);
        Assert.Equal(0, (await recompute.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var row = await harness.Training.GetEntityAsync<TableEntity>(athlete.AthleteId, alert.RowKey);
        Assert.Equal(true, row.Value.GetBoolean("Queued"));
    }

    private static Task ClaimAsync(PipelineHarness harness, TableEntity alert, string claim, DateTimeOffset at) =>
        harness.Training.UpdateEntityAsync(
            new TableEntity(alert.PartitionKey, alert.RowKey)
            {
                ["Queued"] = false,
                ["QueueClaim"] = claim,
                ["ClaimedAt"] = at,
            },
            Azure.ETag.All,
            TableUpdateMode.Merge
        );
}
