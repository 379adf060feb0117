using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// The state row: who holds the lease until when, and the last day metrics were computed for. Written with
/// merge and only the properties that change, so it stays a <see cref="TableEntity"/> on the way out.
/// </summary>
internal sealed record RecomputeStateRow(
    ETag ETag,
    string? LeaseOwner,
    DateTimeOffset? LeaseUntil,
    DateOnly? LastComputed
)
{
    /// <summary>Table Storage dates start in 1601; any instant in the past frees a lease.</summary>
    public static readonly DateTimeOffset LeaseReleased = new(1601, 1, 2, 0, 0, 0, TimeSpan.Zero);

    public static RecomputeStateRow From(TableEntity e) =>
        new(
            e.ETag,
            e.GetString(nameof(LeaseOwner)),
            e.GetDateTimeOffset(nameof(LeaseUntil)),
            e.GetString(LastComputedDay) is { } day ? RowKeys.ParseDate(day) : null
        );

    public static TableEntity Write(
        string athleteId,
        DateTimeOffset leaseUntil,
        string? owner = null,
        DateOnly? lastComputedDay = null
    )
    {
        var row = new TableEntity(athleteId, RowKeys.RecomputeState) { [nameof(LeaseUntil)] = leaseUntil };
        if (owner is not null)
            row[nameof(LeaseOwner)] = owner;
        if (lastComputedDay is { } day)
            row[LastComputedDay] = RowKeys.Date(day);
        return row;
    }

    private const string LastComputedDay = nameof(LastComputedDay);
}
