using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;

namespace BackSignal.Core.Storage;

/// <summary>
/// A day's metrics as stored (RowKey metrics|yyyyMMdd), with what the next days need of the day's rollup and
/// strength pass, so that one range query over metrics rows is a recompute's whole history.
/// </summary>
public sealed class MetricsRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    // From the day's rollup.
    public double? HingeVolumeKg { get; set; }
    public string? Exercises { get; set; }

    public double Load { get; set; }
    public int HistoryDays { get; set; }
    public double AcuteEwma { get; set; }
    public double ChronicEwma { get; set; }
    public double? AcwrEwma { get; set; }
    public double? AcwrCoupled { get; set; }
    public double? AcwrUncoupled { get; set; }
    public double? Monotony { get; set; }
    public double? Strain { get; set; }
    public double Ctl { get; set; }
    public double Atl { get; set; }
    public double Tsb { get; set; }
    public double SpinalLoad { get; set; }
    public double SpinalAcuteEwma { get; set; }
    public double SpinalChronicEwma { get; set; }
    public double? SpinalAcwrEwma { get; set; }
    public double WeeklyLoad { get; set; }
    public double? WeeklyLoadChange { get; set; }
    public double WeeklySpinalLoad { get; set; }
    public double? WeeklySpinalChange { get; set; }
    public double? PreviousFourWeekLoad { get; set; }
    public double? PreviousFourWeekSpinalLoad { get; set; }

    // From the strength pass.
    public bool? HeavyHinge { get; set; }
    public bool? HeavySquat { get; set; }
    public string? HeavyHingeReason { get; set; }
    public string? Progressions { get; set; }

    public static MetricsRow Of(string athleteId, ComputedDay computed)
    {
        var (day, m, strength) = computed;
        return new()
        {
            PartitionKey = athleteId,
            RowKey = RowKeys.MetricsKey(m.Date),
            HingeVolumeKg = day.HingeVolumeKg,
            Exercises = ExercisesJson.Write(day.Exercises),
            Load = m.Load,
            HistoryDays = m.HistoryDays,
            AcuteEwma = m.AcuteEwma,
            ChronicEwma = m.ChronicEwma,
            AcwrEwma = m.AcwrEwma,
            AcwrCoupled = m.AcwrCoupled,
            AcwrUncoupled = m.AcwrUncoupled,
            Monotony = m.Monotony,
            Strain = m.Strain,
            Ctl = m.Ctl,
            Atl = m.Atl,
            Tsb = m.Tsb,
            SpinalLoad = m.SpinalLoad,
            SpinalAcuteEwma = m.SpinalAcuteEwma,
            SpinalChronicEwma = m.SpinalChronicEwma,
            SpinalAcwrEwma = m.SpinalAcwrEwma,
            WeeklyLoad = m.WeeklyLoad,
            WeeklyLoadChange = m.WeeklyLoadChange,
            WeeklySpinalLoad = m.WeeklySpinalLoad,
            WeeklySpinalChange = m.WeeklySpinalChange,
            PreviousFourWeekLoad = m.PreviousFourWeekLoad,
            PreviousFourWeekSpinalLoad = m.PreviousFourWeekSpinalLoad,
            HeavyHinge = strength.HeavyHinge,
            HeavySquat = strength.HeavySquat,
            HeavyHingeReason = strength.HeavyHingeReason,
            Progressions = strength.Progressions.Count > 0 ? ProgressionsJson(strength.Progressions) : null,
        };
    }

    public DayMetrics ToMetrics() =>
        new(
            RowKeys.ParseDate(RowKey[RowKeys.Metrics.Length..]),
            Load,
            HistoryDays,
            AcuteEwma,
            ChronicEwma,
            AcwrEwma,
            AcwrCoupled,
            AcwrUncoupled,
            Monotony,
            Strain,
            Ctl,
            Atl,
            Tsb
        )
        {
            SpinalLoad = SpinalLoad,
            SpinalAcuteEwma = SpinalAcuteEwma,
            SpinalChronicEwma = SpinalChronicEwma,
            SpinalAcwrEwma = SpinalAcwrEwma,
            WeeklyLoad = WeeklyLoad,
            WeeklyLoadChange = WeeklyLoadChange,
            WeeklySpinalLoad = WeeklySpinalLoad,
            WeeklySpinalChange = WeeklySpinalChange,
            PreviousFourWeekLoad = PreviousFourWeekLoad,
            PreviousFourWeekSpinalLoad = PreviousFourWeekSpinalLoad,
        };

    /// <summary>What the days after this one need of it: its metrics, the rollup's figures, the heavy flags.</summary>
    public StoredDay ToStoredDay()
    {
        var metrics = ToMetrics();
        var day = new TrainingDay(metrics.Date, metrics.Load, null, 0, 0, 0)
        {
            SpinalLoadKg = metrics.SpinalLoad,
            HingeVolumeKg = HingeVolumeKg ?? 0,
            Exercises = ExercisesJson.Read(Exercises),
        };
        return new StoredDay(metrics, day, HeavyHinge ?? false, HeavySquat ?? false);
    }

    /// <summary>
    /// The day's progressions within one string property: a day of hundreds of spine-loading exercises keeps the
    /// heaviest.
    /// </summary>
    internal static string ProgressionsJson(IReadOnlyList<ExerciseProgression> progressions)
    {
        var json = Json.Serialize(progressions);
        if (json.Length <= StoredJson.ChunkChars)
            return json;
        var kept = progressions.OrderByDescending(p => p.TopWeightKg).ToList();
        while (json.Length > StoredJson.ChunkChars)
            json = Json.Serialize(kept = kept.Take(kept.Count * 3 / 4).ToList());
        return json;
    }
}

/// <summary>
/// A stored day as a recompute reads it back: metrics, rollup figures, and the strength pass's flags.
/// </summary>
public sealed record StoredDay(DayMetrics Metrics, TrainingDay Day, bool HeavyHinge, bool HeavySquat);
