using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// Garmin Connect's Activities.csv (the activity list export, English headers): one summary row per activity,
/// "--" for missing values, quoted numbers with thousands separators, times as hh:mm:ss or 00:03:21.9, local
/// start times. Avg HR and Max HR feed TRIMP; Total Reps and Total Sets are kept when present (the CSV has no
/// per-set rows: those come from FIT files).
/// </summary>
internal static class GarminActivitiesReader
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd H:mm:ss",
        "M/d/yyyy h:mm:ss tt",
        "M/d/yyyy HH:mm",
    ];

    public static void Read(Stream stream, string headerLine, string file, ImportCollector into)
    {
        var context = into.Context;
        using var csv = new CsvSource(stream, context with { FileName = file }, headerLine);
        var type = csv.Column("Activity Type");
        var date = csv.Column("Date");
        var title = csv.Column("Title");
        var time = csv.Column("Time", "Elapsed Time", "Moving Time");
        var timeName =
            csv.Column("Time") is not null ? "Time"
            : csv.Column("Elapsed Time") is not null ? "Elapsed Time"
            : "Moving Time";
        var avgHr = csv.Column("Avg HR");
        var maxHr = csv.Column("Max HR");
        var totalReps = csv.Column("Total Reps");
        var totalSets = csv.Column("Total Sets");
        if (time is null)
            throw new ImportException(
                file,
                "A Garmin Connect Activities.csv needs a Time, Elapsed Time or Moving Time column.",
                1
            );

        while (csv.Reader.Read())
        {
            var line = csv.Line;
            if (csv.RejectShortRow(into, file))
                continue;
            if (!Values.TryLocal(csv.Field(date), DateFormats, out var local))
            {
                into.Reject(
                    file,
                    line,
                    "Date",
                    $"'{csv.Field(date)}' is not a date and time (such as 2025-02-02 14:48:43)"
                );
                continue;
            }
            if (!Values.TryDurationMinutes(csv.Field(time), out var minutes))
            {
                into.Warn(
                    file,
                    line,
                    timeName,
                    $"'{CsvSource.Shorten(csv.Field(time) ?? "")}' is not a duration (hh:mm:ss)",
                    "dropped: the activity counts the default session length"
                );
                minutes = double.NaN;
            }
            var avg = csv.Number(avgHr, "Avg HR", into, file);
            var max = csv.Number(maxHr, "Max HR", into, file);
            var reps = csv.Number(totalReps, "Total Reps", into, file);
            var sets = csv.Number(totalSets, "Total Sets", into, file);

            var activity = csv.Field(type)?.Trim() ?? "";
            into.Add(
                new WorkoutSummary
                {
                    AthleteId = context.AthleteId,
                    Source = "garmin",
                    Start = Values.InZone(local, context.TimeZone),
                    DurationMin = double.IsNaN(minutes) ? minutes : Math.Round(minutes, 2),
                    Title = csv.Field(title) is { Length: > 0 } t ? t : activity,
                    AvgHr = avg is > 0 ? avg : null,
                    MaxHr = max is > 0 ? max : null,
                    Sport = Sports.FromName(activity),
                    TotalReps = reps is > 0 ? (int)reps.Value : null,
                    TotalSets = sets is > 0 ? (int)sets.Value : null,
                },
                file,
                line
            );
        }
        into.Format(ExportFormat.GarminActivities);
    }
}

/// <summary>The canonical sport of an activity type as the apps name it.</summary>
public static class Sports
{
    /// <summary>The sports BackSignal computes with; anything else reads through <see cref="FromName"/>.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "strength",
        "running",
        "cycling",
        "rowing",
        "swimming",
        "walking",
        "mobility",
        "other",
    };

    /// <summary>
    /// A canonical file's sport as BackSignal's word: Apple Health's workout type names ("Traditional Strength
    /// Training", as an iOS Shortcut sends them) read as "strength".
    /// </summary>
    public static string Canonical(string sport) => Known.Contains(sport) ? sport : FromName(sport);

    public static string FromName(string activity)
    {
        var a = activity.Trim().ToLowerInvariant();
        if (a.Contains("strength") || a.Contains("weight") || a.Contains("crossfit") || a.Contains("functional"))
            return "strength";
        if (a.Contains("run") || a.Contains("jog"))
            return "running";
        if (a.Contains("cycl") || a.Contains("ride") || a.Contains("bik") || a.Contains("spin"))
            return "cycling";
        if (a.Contains("row"))
            return "rowing";
        if (a.Contains("swim"))
            return "swimming";
        if (a.Contains("walk") || a.Contains("hik"))
            return "walking";
        if (a.Contains("yoga") || a.Contains("pilates") || a.Contains("stretch") || a.Contains("mobility"))
            return "mobility";
        return "other";
    }
}
