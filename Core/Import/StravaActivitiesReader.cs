using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// activities.csv of Strava's bulk export: one row per activity, dates in UTC such as "Oct 5, 2014, 4:15:21 PM",
/// and repeated column names — the first Elapsed Time is seconds, the first Distance kilometres and the second
/// Distance metres; Perceived Exertion (1–10) is the session RPE; Total Weight Lifted, Total Sets and Total Reps
/// are kept when present.
/// </summary>
internal static class StravaActivitiesReader
{
    private static readonly string[] DateFormats =
    [
        "MMM d, yyyy, h:mm:ss tt",
        "MMM d, yyyy h:mm:ss tt",
        "yyyy-MM-dd HH:mm:ss",
        "MMM d, yyyy, HH:mm:ss",
    ];

    public static void Read(Stream stream, string headerLine, string file, ImportCollector into)
    {
        var context = into.Context;
        using var csv = new CsvSource(stream, context with { FileName = file }, headerLine);
        var id = csv.Column("Activity ID");
        var date = csv.Column("Activity Date");
        var name = csv.Column("Activity Name");
        var type = csv.Column("Activity Type");
        var elapsed = csv.Nth("Elapsed Time", 1);
        var moving = csv.Column("Moving Time");
        var avgHr = csv.Column("Average Heart Rate");
        var maxHr = csv.Nth("Max Heart Rate", 1);
        var exertion = csv.Column("Perceived Exertion");
        var weight = csv.Column("Total Weight Lifted");
        var sets = csv.Column("Total Sets");
        var reps = csv.Column("Total Reps");

        while (csv.Reader.Read())
        {
            var line = csv.Line;
            if (csv.RejectShortRow(into, file))
                continue;
            if (!Values.TryLocal(csv.Field(date), DateFormats, out var utc))
            {
                into.Reject(
                    file,
                    line,
                    "Activity Date",
                    $"'{csv.Field(date)}' is not a date and time (such as Oct 5, 2014, 4:15:21 PM)"
                );
                continue;
            }
            var secondsText = Values.IsMissing(csv.Field(elapsed)) ? csv.Field(moving) : csv.Field(elapsed);
            if (!Values.TryNumber(secondsText, false, out var seconds) || seconds < 0)
            {
                into.Warn(
                    file,
                    line,
                    "Elapsed Time",
                    $"'{CsvSource.Shorten(secondsText ?? "")}' is not a number of seconds",
                    "dropped: the activity counts the default session length"
                );
                seconds = double.NaN;
            }
            var avg = csv.Number(avgHr, "Average Heart Rate", into, file);
            var max = csv.Number(maxHr, "Max Heart Rate", into, file);
            var rpe = csv.Number(
                exertion,
                "Perceived Exertion",
                into,
                file,
                v => v is >= 0 and <= 10,
                "a number from 1 to 10"
            );
            var lifted = csv.Number(weight, "Total Weight Lifted", into, file);
            var setCount = csv.Number(sets, "Total Sets", into, file);
            var repCount = csv.Number(reps, "Total Reps", into, file);

            var activity = csv.Field(type)?.Trim() ?? "";
            into.Add(
                new WorkoutSummary
                {
                    AthleteId = context.AthleteId,
                    Source = "strava",
                    SourceId = csv.Field(id) is { Length: > 0 } sid ? sid.Trim() : null,
                    // Strava's bulk export writes activity dates in UTC.
                    Start = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), TimeSpan.Zero),
                    DurationMin = double.IsNaN(seconds) ? seconds : Math.Round(seconds / 60, 2),
                    Title = csv.Field(name) is { Length: > 0 } t ? t : activity,
                    SessionRpe = rpe is > 0 ? rpe : null,
                    AvgHr = avg is > 0 ? avg : null,
                    MaxHr = max is > 0 ? max : null,
                    Sport = Sports.FromName(activity),
                    TotalWeightKg = lifted is > 0 ? lifted : null,
                    TotalSets = setCount is > 0 ? (int)setCount.Value : null,
                    TotalReps = repCount is > 0 ? (int)repCount.Value : null,
                },
                file,
                line
            );
        }
        into.Format(ExportFormat.StravaActivities);
    }
}
