using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Model;

namespace BackSignal.Core.Storage;

/// <summary>
/// What the intake's one-hop path reads of an athlete, by one query or from the window
/// (<see cref="LatestWindow"/>): the recompute state (its ETag, the lease, the last computed day, whether any day is
/// marked dirty), the stored days of the rolling windows and the strength look-back, the latest workouts, the
/// check-ins of the pain windows and the alerts of the delivery look-back.
/// </summary>
public sealed record LatestDays(
    bool HasState,
    ETag StateETag,
    DateOnly? LastComputedDay,
    DateTimeOffset? LeaseUntil,
    int Markers,
    IReadOnlyList<StoredDay> Stored,
    IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)> Workouts,
    IReadOnlyList<PainCheckin> Checkins,
    IReadOnlyList<StoredAlert> Alerts
)
{
    /// <summary>The ETag of each day's stored check-in: a one-hop commit replaces it only as read.</summary>
    public IReadOnlyDictionary<DateOnly, ETag> CheckinETags { get; init; } = new Dictionary<DateOnly, ETag>();

    public bool LeaseHeld(DateTimeOffset now) => LeaseUntil is { } until && until > now;

    /// <summary>Nothing stored of the athlete in the ranges read, and no recompute ever ran.</summary>
    public bool Empty => !HasState && Markers == 0 && Stored.Count == 0 && Workouts.Count == 0 && Checkins.Count == 0;

    /// <summary>The profile's copy in the partition (<see cref="RowKeys.ProfileCopy"/>), when there is one.</summary>
    public AthleteProfile? Profile { get; init; }

    /// <summary>The ranges read (from the window: their starts, and every row since).</summary>
    public LatestDayRanges? Ranges { get; init; }

    /// <summary>The rows read as stored (not the recompute protocol's): what the next window is made of.</summary>
    public IReadOnlyList<TableEntity> Rows { get; init; } = [];

    /// <summary>The window row's ETag as read; null when there was none.</summary>
    public ETag? WindowETag { get; init; }

    /// <summary>Read from a valid window: the commit is fenced by its ETag, not the state row's.</summary>
    public bool FromWindow { get; init; }

    /// <summary>
    /// What a read of <paramref name="ranges"/> would have returned, from a read of ranges that contain them: the
    /// rows outside are left out, so that the computation sees exactly what it always saw.
    /// </summary>
    public LatestDays Within(LatestDayRanges ranges)
    {
        var keys = ranges.KeyRanges();
        return this with
        {
            Stored = Stored
                .Where(s => s.Metrics.Date >= ranges.MetricsFrom && s.Metrics.Date <= ranges.Through)
                .ToList(),
            Workouts = Workouts.Where(w => w.Day >= ranges.WorkoutsFrom && w.Day <= ranges.Through).ToList(),
            Checkins = Checkins.Where(c => c.Date >= ranges.CheckinsFrom && c.Date <= ranges.Through).ToList(),
            CheckinETags = CheckinETags
                .Where(c => c.Key >= ranges.CheckinsFrom && c.Key <= ranges.Through)
                .ToDictionary(),
            Alerts = Alerts.Where(a => a.Alert.Date >= ranges.AlertsFrom).ToList(),
            Ranges = ranges,
            Rows = Rows.Where(r => LatestDayRanges.Holds(keys, r.RowKey)).ToList(),
        };
    }
}

/// <summary>The days each kind of row is read from (inclusive), all up to <see cref="Through"/>.</summary>
public sealed record LatestDayRanges(
    DateOnly MetricsFrom,
    DateOnly WorkoutsFrom,
    DateOnly CheckinsFrom,
    DateOnly AlertsFrom,
    DateOnly Through
)
{
    /// <summary>The end of a window's ranges: it holds every row since their starts.</summary>
    public static readonly DateOnly Open = new(9999, 12, 30);

    /// <summary>Every row of the kinds read (a window of a partition that holds nothing else).</summary>
    public static readonly LatestDayRanges Everything = new(
        DateOnly.MinValue,
        DateOnly.MinValue,
        DateOnly.MinValue,
        DateOnly.MinValue,
        Open
    );

    /// <summary>
    /// The key ranges read, [from, to): alerts, check-ins, metrics, the recompute protocol's rows, the profile's
    /// copy, the window, the workouts.
    /// </summary>
    public IReadOnlyList<(string From, string To)> KeyRanges()
    {
        var after = Through.AddDays(1);
        return
        [
            (RowKeys.Alert + RowKeys.Date(AlertsFrom), RowKeys.Alert + RowKeys.End),
            (RowKeys.CheckinKey(CheckinsFrom), RowKeys.CheckinKey(after)),
            (RowKeys.MetricsKey(MetricsFrom), RowKeys.MetricsKey(after)),
            (RowKeys.Dirty, RowKeys.RecomputeRowsEnd),
            (RowKeys.ProfileCopy, RowKeys.ProfileCopy + RowKeys.End),
            (RowKeys.LatestWindow, RowKeys.LatestWindow + RowKeys.End),
            (RowKeys.Workout + RowKeys.Date(WorkoutsFrom), RowKeys.Workout + RowKeys.Date(after)),
        ];
    }

    /// <summary>
    /// Whether a row of the one-hop computation's inputs with this key is within <paramref name="keyRanges"/>
    /// (<see cref="KeyRanges"/>, computed once by the caller).
    /// </summary>
    public static bool Holds(IReadOnlyList<(string From, string To)> keyRanges, string rowKey) =>
        rowKey != RowKeys.LatestWindow
        && !rowKey.StartsWith(RowKeys.Dirty, StringComparison.Ordinal)
        && keyRanges.Any(r => string.CompareOrdinal(rowKey, r.From) >= 0 && string.CompareOrdinal(rowKey, r.To) < 0);

    /// <summary>Whether a read of these ranges holds every row a read of <paramref name="other"/> would.</summary>
    public bool Covers(LatestDayRanges other) =>
        MetricsFrom <= other.MetricsFrom
        && WorkoutsFrom <= other.WorkoutsFrom
        && CheckinsFrom <= other.CheckinsFrom
        && AlertsFrom <= other.AlertsFrom
        && Through >= other.Through;
}
