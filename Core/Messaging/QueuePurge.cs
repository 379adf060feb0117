using BackSignal.Core.Storage;

namespace BackSignal.Core.Messaging;

/// <summary>
/// Removes an erased athlete's messages from every queue and its poison queue: check-ins with symptoms and notes,
/// workouts, export events, emails. Each message is received, read (a claim-checked body from its blob), deleted if
/// it names the athlete, else made visible again at once. A message being processed at that moment is not seen:
/// the tombstone (<see cref="ErasedAthletes"/>) deals with it.
/// </summary>
public sealed class QueuePurge(MessageQueue queue)
{
    private const int MaxRounds = 1000;

    public async Task<int> RemoveAsync(string athleteId, CancellationToken ct)
    {
        var removed = 0;
        foreach (var name in QueueNames.All.SelectMany(q => new[] { q, QueueNames.Poison(q) }))
        {
            var client = queue.GetQueue(name);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var round = 0; round < MaxRounds; round++)
            {
                var batch = (await client.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), ct)).Value;
                var fresh = false;
                foreach (var message in batch)
                {
                    fresh |= seen.Add(message.MessageId);
                    string body;
                    try
                    {
                        body = await queue.ResolveAsync(message.MessageText, ct);
                    }
                    catch (Exception e) when (e is Azure.RequestFailedException or FormatException)
                    {
                        body = message.MessageText;
                    }
                    if (Names(body, athleteId))
                    {
                        await client.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                        removed++;
                    }
                    else
                        await client.UpdateMessageAsync(
                            message.MessageId,
                            message.PopReceipt,
                            visibilityTimeout: TimeSpan.Zero,
                            cancellationToken: ct
                        );
                }
                if (!fresh)
                    break;
            }
        }
        return removed;
    }

    /// <summary>A message names the athlete by its athleteId, or as the folder of an export blob (Event Grid).
    /// </summary>
    public static bool Names(string body, string athleteId) =>
        MessageFields.AthleteIdOf(body) == athleteId
        || BlobCreatedEvents.AsEvent(body) is { } e && BlobCreatedEvents.Read(e).Upload?.AthleteId == athleteId;
}
