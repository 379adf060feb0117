using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Storage;

/// <summary>
/// An alert as stored (RowKey alert|yyyyMMdd|rule). Written with merge, so that a recompute that raises it again
/// rewrites what it says and never its delivery state, which is written once, when the alert is first raised.
/// </summary>
public class AlertRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Rule { get; set; } = "";
    public string Date { get; set; } = "";
    public string Tier { get; set; } = "";
    public string Evidence { get; set; } = "";
    public string Advice { get; set; } = "";

    /// <summary>A doctor alert's signs and the known ones among them, space-separated (keys have no space).</summary>
    public string? Signs { get; set; }
    public string? KnownSigns { get; set; }

    /// <summary>
    /// The row to merge for an alert; with its delivery state when this is the first time it is raised.
    /// </summary>
    /// <param name="claim">The committing message's claim on queueing the alert's emails (<see cref="AlertClaims"/>).
    /// </param>
    public static AlertRow Of(string athleteId, AlertDecision decision, string claim, DateTimeOffset at)
    {
        var row = decision.Delivery is { } delivery
            ? new AlertDeliveryRow
            {
                Notify = delivery.Notify,
                SuppressedBecause = delivery.SuppressedBecause,
                Queued = false,
                Revision = decision.Alert.Revision == 0 ? null : decision.Alert.Revision,
                QueueClaim = delivery.Notify ? claim : null,
                ClaimedAt = delivery.Notify ? at : null,
            }
            : new AlertRow();
        var alert = decision.Alert;
        row.PartitionKey = athleteId;
        row.RowKey = RowKeys.AlertKey(alert.Key);
        row.Rule = alert.Rule;
        row.Date = RowKeys.Date(alert.Date);
        row.Tier = alert.Tier.ToString().ToLowerInvariant();
        row.Evidence = alert.Evidence;
        row.Advice = alert.Advice;
        row.Signs = alert.Signs.Count == 0 ? null : string.Join(' ', alert.Signs);
        row.KnownSigns = alert.KnownSigns.Count == 0 ? null : string.Join(' ', alert.KnownSigns);
        return row;
    }
}

/// <summary>An alert row read back whole, delivery state included.</summary>
public sealed class AlertDeliveryRow : AlertRow
{
    public bool? Notify { get; set; }
    public string? SuppressedBecause { get; set; }
    public bool? Queued { get; set; }

    /// <summary>Written with a delivery decision only: a rewrite of the alert's text keeps it.</summary>
    public int? Revision { get; set; }

    /// <summary>Which message committed the decision to email, and when: it queues the emails.</summary>
    public string? QueueClaim { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }

    public StoredAlert ToStored() =>
        new(
            new Alert(
                Rule,
                RowKeys.ParseDate(Date is { Length: 8 } ? Date : RowKey.Substring(RowKeys.Alert.Length, 8)),
                Enum.TryParse<AlertTier>(Tier, ignoreCase: true, out var tier) ? tier : AlertTier.Overload,
                Evidence,
                Advice
            )
            {
                Signs = Split(Signs),
                KnownSigns = Split(KnownSigns),
                Revision = Revision ?? 0,
            },
            Notify ?? false,
            SuppressedBecause,
            Queued ?? false
        )
        {
            Claim = QueueClaim,
            ClaimedAt = ClaimedAt,
        };

    private static string[] Split(string? signs) => signs?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The merge that records that an alert's emails are queued.</summary>
    public static TableEntity MarkQueued(string athleteId, string alertKey) =>
        new(athleteId, RowKeys.AlertKey(alertKey)) { [nameof(Queued)] = true };
}

/// <summary>A stored alert with its delivery decision.</summary>
public sealed record StoredAlert(Alert Alert, bool Notify, string? SuppressedBecause, bool Queued)
{
    /// <summary>The claim of the message that decided to email it, and when (null: stored before claims).</summary>
    public string? Claim { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
}

/// <summary>
/// Who queues an alert's emails: the message whose commit decided to email it, named by a claim (a hash of its body),
/// so that the emails are queued once whichever path computed the alert (issue #31).
/// </summary>
/// <remarks>
/// Why no see-a-doctor email is lost: an alert's first decision is committed by exactly one writer (the commit is
/// fenced by the recompute state row), with that writer's claim. The writer queues the emails after its commit and
/// completes its message only after that; if it dies in between, the queue delivers the same message again, whose
/// claim is the same, and it queues them then. Anyone else leaves a fresh claim of another alone (the owner is about
/// to queue) and takes over one older than <see cref="Grace"/> (an owner whose message died for good, went to
/// poison, or carried another body); a recompute that leaves one waiting comes back when it goes stale. The ledger
/// still sends each email once if two ever queue it.
/// </remarks>
public static class AlertClaims
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    /// <summary>A message's claim: the same for every delivery of that message.</summary>
    public static string Of(string messageBody) =>
        Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(messageBody))
        )[..24];

    /// <summary>Whether the holder of <paramref name="claim"/> queues this alert's emails now.</summary>
    public static bool MayQueue(StoredAlert alert, string claim, DateTimeOffset now) =>
        alert.Notify
        && !alert.Queued
        && (alert.Claim is null || alert.Claim == claim || alert.ClaimedAt is not { } at || now - at >= Grace);

    /// <summary>When an alert waiting on another's fresh claim may be taken over (null: it is not waiting).</summary>
    public static DateTimeOffset? StaleAt(StoredAlert alert, string claim, DateTimeOffset now) =>
        alert.Notify && !alert.Queued && !MayQueue(alert, claim, now) ? alert.ClaimedAt + Grace : null;
}
