using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// Strong's CSV export, one row per set: the comma layouts of the iOS app (24-hour or 12-hour dates, the latter
/// with a narrow no-break space before am/pm) and the older semicolon layout of the Android app, which has
/// Weight Unit and Distance Unit columns and may write decimal commas. The other layouts carry no unit: the
/// athlete's unit decides. "Rest Timer" rows are skipped; Set Order "W", "D" and "F" mark warm-up, drop and
/// failure sets.
/// </summary>
internal static class StrongCsvReader
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd H:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd h:mm:ss tt", "yyyy-MM-dd h:mm tt",
        "yyyy-MM-dd hh:mm:ss tt", "M/d/yyyy h:mm:ss tt", "M/d/yyyy HH:mm:ss", "dd.MM.yyyy HH:mm:ss", "yyyy/MM/dd HH:mm:ss",
    ];

    public static void Read(Stream stream, string headerLine, string file, ImportCollector into)
    {
        var context = into.Context;
        using var csv = new CsvSource(stream, context with { FileName = file }, headerLine);
        var date = csv.Column("Date");
        var name = csv.Column("Workout Name");
        var duration = csv.Column("Duration", "Workout Duration");
        var exercise = csv.Column("Exercise Name");
        var setOrder = csv.Column("Set Order");
        var weight = csv.Column("Weight");
        var weightUnit = csv.Column("Weight Unit");
        var reps = csv.Column("Reps");
        var distance = csv.Column("Distance");
        var distanceUnit = csv.Column("Distance Unit");
        var seconds = csv.Column("Seconds");
        var rpe = csv.Column("RPE");
        if (date is null || exercise is null || setOrder is null)
            throw new ImportException(file, "A Strong export needs the columns Date, Exercise Name and Set Order.", 1);

        var workouts = new Dictionary<(string Date, string Name), Builder>();
        var comma = csv.DecimalComma;
        Builder? current = null;
        try
        {
            while (csv.Reader.Read())
            {
                var line = csv.Line;
                if (csv.RejectShortRow(into, file)) continue;
                var order = csv.Field(setOrder)?.Trim() ?? "";
                if (order.Equals("Rest Timer", StringComparison.OrdinalIgnoreCase)) { into.Skip("Strong rest-timer rows"); continue; }

                var dateText = csv.Field(date) ?? "";
                var title = csv.Field(name) ?? "";
                // Rows of one workout come together: most rows reuse the previous row's workout without a lookup.
                var workout = current is not null && current.Date == dateText && current.Title == title ? current
                    : workouts.GetValueOrDefault((dateText, title));
                if (workout is null)
                {
                    if (!Values.TryLocal(dateText, DateFormats, out var local))
                    {
                        into.Reject(file, line, "Date", $"'{dateText}' is not a date and time Strong writes (such as 2021-02-10 16:46:13 or 2025-01-29 5:30:00 pm)");
                        continue;
                    }
                    double minutes = 0;
                    var durationText = csv.Field(duration);
                    if (!Values.IsMissing(durationText) && !Values.TryDurationMinutes(durationText, out minutes))
                        into.Reject(file, line, duration == csv.Column("Duration") ? "Duration" : "Workout Duration", $"'{durationText}' is not a duration (such as 1h 5m, 49m or 38min); the workout counts 0 minutes");
                    workout = new Builder(line, dateText, title, new WorkoutSummary
                    {
                        AthleteId = context.AthleteId,
                        Source = "strong",
                        Start = Values.InZone(local, context.TimeZone),
                        DurationMin = Math.Round(minutes, 2),
                        Title = title,
                        Sport = "strength",
                    });
                    workouts.Add((dateText, title), workout);
                }
                current = workout;

                var exerciseName = csv.Field(exercise)?.Trim() ?? "";
                if (exerciseName.Length == 0) { into.Reject(file, line, "Exercise Name", "missing"); continue; }
                var kind = order.ToUpperInvariant() switch
                {
                    "W" => "warmup",
                    "D" => "dropset",
                    "F" => "failure",
                    _ => "normal",
                };
                if (kind == "normal" && !Values.TryInt(order, out _))
                {
                    into.Reject(file, line, "Set Order", $"'{order}' is not a set number, W, D, F or Rest Timer");
                    continue;
                }
                var unit = csv.Field(weightUnit) is { Length: > 0 } u ? u : context.WeightUnit;
                if (!csv.TryNumber(weight, "Weight", into, file, out var w, decimalComma: comma)) continue;
                if (!csv.TryNumber(reps, "Reps", into, file, out var r, decimalComma: comma, valid: v => v == Math.Floor(v), expected: "a whole number")) continue;
                if (!csv.TryNumber(rpe, "RPE", into, file, out var effort, decimalComma: comma)) continue;
                if (!csv.TryNumber(distance, "Distance", into, file, out var dist, decimalComma: comma)) continue;
                if (!csv.TryNumber(seconds, "Seconds", into, file, out var secs, decimalComma: comma)) continue;

                var distanceIsMiles = csv.Field(distanceUnit) is { Length: > 0 } du
                    ? du.Trim().StartsWith("mi", StringComparison.OrdinalIgnoreCase)
                    : Values.IsPounds(unit);
                workout.Sets.Add(new WorkoutSet
                {
                    Exercise = exerciseName,
                    SetIndex = Values.TryInt(order, out var index) ? index : workout.Sets.Count(s => s.Exercise == exerciseName) + 1,
                    Kind = kind,
                    WeightKg = w is { } kg ? Values.ToKg(kg, unit) : null,
                    Reps = r is { } n ? (int)n : null,
                    Rpe = effort is > 0 ? effort : null,
                    DistanceM = dist is > 0 ? Math.Round(dist.Value * (distanceIsMiles ? Values.MetresPerMile : 1000), 1) : null,
                    Seconds = secs is > 0 ? secs : null,
                });
            }

        }
        finally
        {
            // Also when the file breaks part-way: the workouts read so far go in.
            into.Format(ExportFormat.Strong);
            foreach (var workout in workouts.Values)
                into.Add(workout.Summary with { Sets = workout.Sets }, file, workout.Line);
        }
    }

    private sealed class Builder(long line, string date, string title, WorkoutSummary summary)
    {
        public long Line { get; } = line;
        public string Date { get; } = date;
        public string Title { get; } = title;
        public WorkoutSummary Summary { get; } = summary;
        public List<WorkoutSet> Sets { get; } = [];
    }
}
