using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackSignal.Core.Import;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Cli.Commands;

/// <summary>
/// `analyze --format json` (docs/design.md#analyze-json, with warnings): one document for the whole analysis.
/// </summary>
public sealed record AnalyzeReport(
    string AthleteId,
    int Workouts,
    int Checkins,
    int Sets,
    IReadOnlyList<string> Formats,
    int RejectedCount,
    IReadOnlyList<AnalyzeReport.Row> Rejected,
    int WarningCount,
    IReadOnlyList<AnalyzeReport.Warning> Warnings,
    IReadOnlyList<string> UnknownExercises,
    IReadOnlyList<AnalyzeReport.Day> Days,
    IReadOnlyList<AnalyzeReport.AlertJson> Alerts
)
{
    public sealed record Row(string File, int Line, string? Field, string Reason);

    public sealed record Warning(string File, int Line, string? Field, string Reason, string Action);

    /// <summary>The tier as on the wire: emergency, urgent, soon or overload.</summary>
    public sealed record AlertJson(string Rule, string Date, string Tier, string Evidence, string Advice);

    public sealed record Day(
        string Date,
        double Load,
        string? LoadMethod,
        double VolumeLoadKg,
        double SpinalLoadKg,
        double HingeVolumeKg,
        int Sessions,
        int Sets,
        bool HeavyHinge,
        double? AcwrEwma,
        double? AcwrCoupled,
        double? AcwrUncoupled,
        double? SpinalAcwrEwma,
        double? Monotony,
        double? Strain,
        double Ctl,
        double Atl,
        double Tsb,
        double WeeklyLoad,
        double? WeeklyLoadChange,
        double WeeklySpinalLoadKg,
        double? WeeklySpinalChange,
        int? Pain
    )
    {
        public static Day Of(ComputedDay d) =>
            new(
                Iso(d.Day.Date),
                Math.Round(d.Day.Load, 2),
                d.Day.LoadMethod is { } m ? LoadMethods.Name(m) : null,
                Math.Round(d.Day.VolumeLoadKg, 2),
                Math.Round(d.Day.SpinalLoadKg, 2),
                Math.Round(d.Day.HingeVolumeKg, 2),
                d.Day.Sessions,
                d.Day.Sets,
                d.Strength.HeavyHinge,
                Round(d.Metrics.AcwrEwma),
                Round(d.Metrics.AcwrCoupled),
                Round(d.Metrics.AcwrUncoupled),
                Round(d.Metrics.SpinalAcwrEwma),
                Round(d.Metrics.Monotony),
                Round(d.Metrics.Strain),
                Math.Round(d.Metrics.Ctl, 2),
                Math.Round(d.Metrics.Atl, 2),
                Math.Round(d.Metrics.Tsb, 2),
                Math.Round(d.Metrics.WeeklyLoad, 2),
                Round(d.Metrics.WeeklyLoadChange),
                Math.Round(d.Metrics.WeeklySpinalLoad, 2),
                Round(d.Metrics.WeeklySpinalChange),
                d.Day.Pain
            );
    }

    public static Row RowOf(RejectedRow r) => new(r.File, r.Line, r.Field, r.Reason);

    public static Warning WarningOf(ImportWarning w) => new(w.File, w.Line, w.Field, w.Reason, w.Action);

    public static AlertJson AlertOf(Alert a) =>
        new(a.Rule, Iso(a.Date), a.Tier.ToString().ToLowerInvariant(), a.Evidence, a.Advice);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;
}

/// <summary>The analyze JSON, source-generated: camelCase, nulls written, indented.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never
)]
[JsonSerializable(typeof(AnalyzeReport))]
internal sealed partial class AnalyzeJsonContext : JsonSerializerContext;
