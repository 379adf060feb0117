using System.Globalization;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// RowKeys of the Training table. One athlete's data shares one partition; dates are yyyyMMdd so that
/// "the last 60 days" is one range query and rows of one kind sort by day.
/// </summary>
public static class RowKeys
{
    public const string Workout = "workout|";
    public const string Day = "day|";
    public const string Metrics = "metrics|";
    public const string Alert = "alert|";
    public const string Mail = "mail|";

    /// <summary>One pain check-in per athlete and day: a later one replaces it.</summary>
    public const string Checkin = "checkin|";

    /// <summary>"recompute needed from this day" markers, written with the input that dirtied the day.</summary>
    public const string Dirty = "recompute|";

    /// <summary>The recompute state row; it sorts after every marker, so one range query reads both.</summary>
    public const string RecomputeState = "recompute|~state";

    /// <summary>
    /// When a deferred recompute message is due: one is enough while another recompute holds the lease.
    /// </summary>
    public const string RecomputeDeferred = "recompute|~deferred";

    /// <summary>Sorts after every character used in keys: the exclusive end of a prefix range.</summary>
    public const char End = '~';

    /// <summary>The exclusive end of the recompute protocol's rows: markers, state row and deferred row.</summary>
    public const string RecomputeRowsEnd = "recompute|~~";

    public static string Date(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string yyyyMMdd) =>
        DateOnly.ParseExact(yyyyMMdd, "yyyyMMdd", CultureInfo.InvariantCulture);

    public static string WorkoutKey(DateOnly day, string workoutId) => $"{Workout}{Date(day)}|{workoutId}";

    public static string DayKey(DateOnly day) => Day + Date(day);

    /// <summary>
    /// The one-hop path's window: a copy of the rows its query reads, kept by its commits (<see cref="LatestWindow"/>).
    /// </summary>
    public const string LatestWindow = "latest|window";

    /// <summary>The athlete's profile as the intake computes with it, read in the same query as the days.</summary>
    public const string ProfileCopy = "profile|copy";

    /// <summary>
    /// Which workout row holds a provider's workout (Hevy, Strava), so that an update whose start moved replaces its
    /// old row and a deletion finds it; a CSV import of the same workout rewrites the workout row, not this one.
    /// </summary>
    public const string ProviderWorkout = "provider|";

    public static string ProviderWorkoutKey(string source, string sourceId) =>
        $"{ProviderWorkout}{source}|"
        + Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sourceId))
        )[..32];

    public static string MetricsKey(DateOnly day) => Metrics + Date(day);

    public static string DirtyKey(DateOnly day) => Dirty + Date(day);

    public static string AlertKey(string alertKey) => Alert + alertKey;

    public static string CheckinKey(DateOnly day) => Checkin + Date(day);

    /// <summary>An OData filter for one partition and RowKeys in [from, to).</summary>
    public static string Range(string partitionKey, string from, string to) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {from} and RowKey lt {to}");

    /// <summary>
    /// An OData filter for one partition and RowKeys in any of the [from, to) ranges: one request reads several
    /// row kinds.
    /// </summary>
    public static string AnyOf(string partitionKey, params (string From, string To)[] ranges) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}")
        + " and ("
        + string.Join(
            " or ",
            ranges.Select(r => "(" + TableClient.CreateQueryFilter($"RowKey ge {r.From} and RowKey lt {r.To}") + ")")
        )
        + ")";
}
