using Azure.Storage.Queues;

namespace BackSignal.Core.Messaging;

/// <summary>
/// Moves messages from a queue's `-poison` queue back to the queue, once the cause of their failures is fixed.
/// Each message is sent to the queue before it is deleted from the poison queue: a crash in between leaves a
/// copy in both, which the idempotent handlers make harmless, never a message lost.
/// </summary>
public sealed class PoisonReplay(MessageQueue queue)
{
    public async Task<int> ReplayAsync(string queueName, int max, CancellationToken ct)
    {
        if (!QueueNames.All.Contains(queueName))
            throw new ArgumentException(
                $"'{queueName}' is not a pipeline queue ({string.Join(", ", QueueNames.All)}).",
                nameof(queueName)
            );
        var poison = queue.GetQueue(QueueNames.Poison(queueName));
        var target = queue.GetQueue(queueName);
        var moved = 0;
        while (moved < max)
        {
            var batch = (
                await poison.ReceiveMessagesAsync(Math.Min(32, max - moved), TimeSpan.FromMinutes(1), ct)
            ).Value;
            if (batch.Length == 0)
                break;
            foreach (var message in batch)
            {
                // The trigger wrote the poison copy in the queue's own encoding: send the same text back.
                await target.SendMessageAsync(message.MessageText, ct);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                moved++;
            }
        }
        return moved;
    }
}
