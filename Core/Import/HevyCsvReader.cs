using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// Hevy's CSV export, one row per set, with weights in weight_kg or weight_lbs and distances in distance_km or
/// distance_miles depending on the account; set_type normal, warmup, failure or dropset; local times such as
/// "30 Jan 2025, 12:34".
/// </summary>
internal static class HevyCsvReader
{
    private static readonly string[] DateFormats =
    [
        "d MMM yyyy, HH:mm",
        "d MMM yyyy, H:mm",
        "d MMM yyyy, HH:mm:ss",
        "d MMM yyyy HH:mm",
        "MMM d, yyyy, HH:mm",
        "MMM d, yyyy, h:mm tt",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-ddTHH:mm:ss",
    ];

    public static void Read(Stream stream, string headerLine, string file, ImportCollector into)
    {
        var context = into.Context;
        using var csv = new CsvSource(stream, context with { FileName = file }, headerLine);
        var title = csv.Column("title");
        var start = csv.Column("start_time");
        var end = csv.Column("end_time");
        var exercise = csv.Column("exercise_title");
        var setIndex = csv.Column("set_index");
        var setType = csv.Column("set_type");
        var kg = csv.Column("weight_kg");
        var lbs = csv.Column("weight_lbs");
        var km = csv.Column("distance_km");
        var miles = csv.Column("distance_miles");
        var reps = csv.Column("reps");
        var seconds = csv.Column("duration_seconds");
        var rpe = csv.Column("rpe");
        if (start is null || exercise is null)
            throw new ImportException(file, "A Hevy export needs the columns start_time and exercise_title.", 1);
        var weightField = kg is not null ? "weight_kg" : "weight_lbs";
        var distanceField = km is not null ? "distance_km" : "distance_miles";

        var workouts = new OpenWorkouts();
        try
        {
            while (csv.Reader.Read())
            {
                var line = csv.Line;
                if (csv.RejectShortRow(into, file))
                    continue;
                var titleText = csv.Field(title) ?? "";
                var startText = csv.Field(start) ?? "";
                var workout = workouts.Find(titleText, startText);
                if (workout is null)
                {
                    if (
                        !Values.TryLocal(startText, DateFormats, out var startLocal)
                        && !Values.TryLocalizedDate(startText, out startLocal)
                    )
                    {
                        into.Reject(
                            file,
                            line,
                            "start_time",
                            $"'{startText}' is not a date and time Hevy writes (such as 30 Jan 2025, 12:34)"
                        );
                        continue;
                    }
                    var begins = Values.InZone(startLocal, context.TimeZone);
                    double minutes = 0;
                    if (
                        Values.TryLocal(csv.Field(end), DateFormats, out var endLocal)
                        || Values.TryLocalizedDate(csv.Field(end), out endLocal)
                    )
                        minutes = Math.Max(0, (Values.InZone(endLocal, context.TimeZone) - begins).TotalMinutes);
                    else if (!Values.IsMissing(csv.Field(end)))
                    {
                        into.Warn(
                            file,
                            line,
                            "end_time",
                            $"'{CsvSource.Shorten(csv.Field(end)!)}' is not a date and time",
                            "dropped: the workout's minutes are estimated from its working sets"
                        );
                        minutes = double.NaN;
                    }
                    workout = workouts.Start(
                        line,
                        titleText,
                        startText,
                        new WorkoutSummary
                        {
                            AthleteId = context.AthleteId,
                            Source = "hevy",
                            Start = begins,
                            DurationMin = double.IsNaN(minutes) ? minutes : Math.Round(minutes, 2),
                            Title = titleText,
                            Sport = "strength",
                        }
                    );
                }

                var name = csv.Field(exercise)?.Trim() ?? "";
                if (name.Length == 0)
                {
                    into.Reject(file, line, "exercise_title", "missing");
                    continue;
                }
                var typeText = (csv.Field(setType) ?? "normal").Trim().ToLowerInvariant();
                var type = typeText switch
                {
                    "" or "normal" => SetKind.Normal,
                    "warmup" => SetKind.Warmup,
                    "failure" => SetKind.Failure,
                    "dropset" => SetKind.Dropset,
                    _ => SetKind.Unrecognised,
                };
                if (type == SetKind.Unrecognised)
                {
                    into.Warn(
                        file,
                        line,
                        "set_type",
                        $"'{CsvSource.Shorten(typeText)}' is not normal, warmup, failure or dropset",
                        "read as normal"
                    );
                    type = SetKind.Normal;
                }
                // A phone set to a decimal-comma language writes "102,5" (quoted) in the comma-separated file.
                var weight = csv.Number(kg ?? lbs, weightField, into, file, decimalComma: true);
                var r = csv.Number(reps, "reps", into, file, v => v == Math.Floor(v), "a whole number");
                var distance = csv.Number(km ?? miles, distanceField, into, file, decimalComma: true);
                var secs = csv.Number(seconds, "duration_seconds", into, file, decimalComma: true);
                var effort = csv.Number(rpe, "rpe", into, file, decimalComma: true);

                workout.Add(
                    new WorkoutSet
                    {
                        Exercise = name,
                        // Hevy counts sets from 0; the canonical form from 1.
                        SetIndex = Values.TryInt(csv.Field(setIndex), out var i) ? i + 1 : workout.Sets.Count + 1,
                        Kind = type,
                        WeightKg = weight is { } wv ? Values.ToKg(wv, kg is not null ? "kg" : "lb") : null,
                        Reps = r is { } n ? (int)n : null,
                        Rpe = effort is > 0 ? effort : null,
                        DistanceM = distance is > 0
                            ? Math.Round(distance.Value * (km is not null ? 1000 : Values.MetresPerMile), 1)
                            : null,
                        Seconds = secs is > 0 ? secs : null,
                    }
                );
            }
        }
        finally
        {
            // Also when the file breaks part-way: the workouts read so far go in.
            into.Format(ExportFormat.Hevy);
            foreach (var workout in workouts.Close())
                into.Add(workout.Read(), file, workout.Line);
        }
    }
}
