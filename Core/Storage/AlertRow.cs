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
    public static AlertRow Of(string athleteId, AlertDecision decision)
    {
        var row = decision.Delivery is { } delivery
            ? new AlertDeliveryRow
            {
                Notify = delivery.Notify,
                SuppressedBecause = delivery.SuppressedBecause,
                Queued = false,
                Revision = decision.Alert.Revision == 0 ? null : decision.Alert.Revision,
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
        );

    private static string[] Split(string? signs) => signs?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The merge that records that an alert's emails are queued.</summary>
    public static TableEntity MarkQueued(string athleteId, string alertKey) =>
        new(athleteId, RowKeys.AlertKey(alertKey)) { [nameof(Queued)] = true };
}

/// <summary>A stored alert with its delivery decision.</summary>
public sealed record StoredAlert(Alert Alert, bool Notify, string? SuppressedBecause, bool Queued);
