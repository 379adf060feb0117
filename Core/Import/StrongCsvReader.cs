using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// Strong's CSV export, one row per set: the comma layouts of the iOS app (24-hour or 12-hour dates, the latter
/// with a narrow no-break space before am/pm) and the older semicolon layout of the Android app, which has
/// Weight Unit and Distance Unit columns and may write decimal commas or points, and the layout Strong writes
/// today (every field quoted, semicolons, "Workout #", "Duration (sec)", "Weight (kg)", "Distance (meters)"),
/// whose units are in the column names. The old comma layouts carry no unit: the athlete's unit decides.
/// "Rest Timer" and "Note" rows are skipped and counted; Set Order "W", "D" and "F" (or the current app's WARM_UP,
/// DROP_SET and FAILURE) mark warm-up, drop and failure sets. An assisted exercise's weight is the machine's help,
/// not load: it is dropped and counted.
/// </summary>
internal static class StrongCsvReader
{
    /// <summary>
    /// A set order as one upper-case word without separators ("Warm-up", "WARM_UP" → "WARMUP"), written into
    /// <paramref name="into"/>: read once per row of files of a million rows, so it allocates nothing. A word longer
    /// than the buffer is none Strong writes: it comes back empty.
    /// </summary>
    private static ReadOnlySpan<char> OrderWord(ReadOnlySpan<char> order, Span<char> into)
    {
        var length = 0;
        foreach (var c in order)
        {
            if (!char.IsLetterOrDigit(c))
                continue;
            if (length == into.Length)
                return [];
            into[length++] = char.ToUpperInvariant(c);
        }
        return into[..length];
    }

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd H:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd h:mm:ss tt",
        "yyyy-MM-dd h:mm tt",
        "yyyy-MM-dd hh:mm:ss tt",
        "M/d/yyyy h:mm:ss tt",
        "M/d/yyyy HH:mm:ss",
        "dd.MM.yyyy HH:mm:ss",
        "yyyy/MM/dd HH:mm:ss",
    ];

    public static void Read(Stream stream, string headerLine, string file, ImportCollector into)
    {
        var context = into.Context;
        using var csv = new CsvSource(stream, context with { FileName = file }, headerLine);
        var date = csv.Column("Date");
        var name = csv.Column("Workout Name");
        var duration = csv.Column("Duration", "Workout Duration", "Duration (sec)");
        var durationField = csv.NameOf(duration, "Duration");
        var exercise = csv.Column("Exercise Name");
        var setOrder = csv.Column("Set Order");
        var weight = csv.Column("Weight", "Weight (kg)", "Weight (lbs)", "Weight (lb)");
        var weightField = csv.NameOf(weight, "Weight");
        // The current layout names the unit in the column; older ones have a Weight Unit column or none.
        var columnUnit =
            weightField.Contains("(lb", StringComparison.OrdinalIgnoreCase) ? "lb"
            : weightField.Contains("(kg", StringComparison.OrdinalIgnoreCase) ? "kg"
            : null;
        var weightUnit = csv.Column("Weight Unit");
        var reps = csv.Column("Reps");
        var distance = csv.Column("Distance", "Distance (meters)", "Distance (km)", "Distance (miles)");
        var distanceField = csv.NameOf(distance, "Distance");
        var distanceMetresPer =
            distanceField.Contains("(meters", StringComparison.OrdinalIgnoreCase) ? 1.0
            : distanceField.Contains("(km", StringComparison.OrdinalIgnoreCase) ? 1000.0
            : distanceField.Contains("(miles", StringComparison.OrdinalIgnoreCase) ? Values.MetresPerMile
            : (double?)null;
        var distanceUnit = csv.Column("Distance Unit");
        var seconds = csv.Column("Seconds");
        var rpe = csv.Column("RPE");
        if (date is null || exercise is null || setOrder is null)
            throw new ImportException(file, "A Strong export needs the columns Date, Exercise Name and Set Order.", 1);

        var workouts = new OpenWorkouts();
        Span<char> wordBuffer = stackalloc char[16];
        string? lastExercise = null;
        var assisted = false;
        // The unit is one string for a whole file, or one of two in a Weight Unit column: asked once per string.
        string? lastUnit = null;
        var lastPounds = false;
        bool IsPounds(string unit)
        {
            if (!ReferenceEquals(unit, lastUnit))
                (lastUnit, lastPounds) = (unit, Values.IsPounds(unit));
            return lastPounds;
        }
        try
        {
            while (csv.Reader.Read())
            {
                var line = csv.Line;
                if (csv.RejectShortRow(into, file))
                    continue;
                var order = csv.Field(setOrder)?.Trim() ?? "";
                var word = OrderWord(order, wordBuffer);
                if (word is "RESTTIMER")
                {
                    into.Skip("Strong rest-timer rows");
                    continue;
                }
                if (word is "NOTE")
                {
                    into.Skip("Strong note rows");
                    continue;
                }

                var dateText = csv.Field(date) ?? "";
                var title = csv.Field(name) ?? "";
                var workout = workouts.Find(dateText, title);
                if (workout is null)
                {
                    if (!Values.TryLocal(dateText, DateFormats, out var local))
                    {
                        into.Reject(
                            file,
                            line,
                            "Date",
                            $"'{dateText}' is not a date and time Strong writes (such as 2021-02-10 16:46:13 or "
                                + $"2025-01-29 5:30:00 pm)"
                        );
                        continue;
                    }
                    double minutes = 0;
                    var durationText = csv.Field(duration);
                    if (!Values.IsMissing(durationText) && !Values.TryDurationMinutes(durationText, out minutes))
                    {
                        into.Warn(
                            file,
                            line,
                            durationField,
                            $"'{CsvSource.Shorten(durationText!)}' is not a duration (such as 1h 5m, 49m or 38min)",
                            "dropped: the workout's minutes are estimated from its working sets"
                        );
                        minutes = double.NaN;
                    }
                    workout = workouts.Start(
                        line,
                        dateText,
                        title,
                        new WorkoutSummary
                        {
                            AthleteId = context.AthleteId,
                            Source = "strong",
                            Start = Values.InZone(local, context.TimeZone),
                            DurationMin = double.IsNaN(minutes) ? minutes : Math.Round(minutes, 2),
                            Title = title,
                            Sport = "strength",
                        }
                    );
                }

                var exerciseName = csv.Field(exercise)?.Trim() ?? "";
                if (exerciseName.Length == 0)
                {
                    into.Reject(file, line, "Exercise Name", "missing");
                    continue;
                }
                // Older exports write W, D, F; the current app writes words (WARM_UP, FAILURE, DROP_SET, NORMAL).
                var kind = word switch
                {
                    "W" or "WARMUP" => SetKind.Warmup,
                    "D" or "DROPSET" or "DROP" => SetKind.Dropset,
                    "F" or "FAILURE" => SetKind.Failure,
                    _ => SetKind.Normal,
                };
                var number = Values.TryInt(order, out var index) ? index : (int?)null;
                if (kind == SetKind.Normal && word is not ("NORMAL" or "WORKING") && number is null)
                {
                    into.Reject(
                        file,
                        line,
                        "Set Order",
                        $"'{order}' is not a set number, W, D, F, WARM_UP, DROP_SET, FAILURE, NORMAL or Rest Timer"
                    );
                    continue;
                }
                var unit = columnUnit ?? (csv.Field(weightUnit) is { Length: > 0 } u ? u : context.WeightUnit);
                var w = csv.Number(weight, weightField, into, file, decimalComma: true);
                var r = csv.Number(reps, "Reps", into, file, v => v == Math.Floor(v), "a whole number");
                var effort = csv.Number(rpe, "RPE", into, file);
                var dist = csv.Number(distance, distanceField, into, file, decimalComma: true);
                var secs = csv.Number(seconds, "Seconds", into, file);
                // Names repeat row after row as one string: the name is searched once per run of it.
                if (!ReferenceEquals(exerciseName, lastExercise))
                    (lastExercise, assisted) = (exerciseName, IsAssisted(exerciseName));
                if (w is > 0 && assisted)
                {
                    into.Skip("assistance weights of assisted exercises (help, not load)");
                    w = null;
                }

                workout.Add(
                    new WorkoutSet
                    {
                        Exercise = exerciseName,
                        SetIndex = number ?? workout.NextUnnumbered(exerciseName),
                        Kind = kind,
                        WeightKg = w is { } kg ? Values.ToKg(kg, pounds: IsPounds(unit)) : null,
                        Reps = r is { } n ? (int)n : null,
                        Rpe = effort is > 0 ? effort : null,
                        DistanceM = dist is > 0
                            ? Math.Round(
                                dist.Value * (distanceMetresPer ?? MetresPer(csv.Field(distanceUnit), unit)),
                                1
                            )
                            : null,
                        Seconds = secs is > 0 ? secs : null,
                    }
                );
            }
        }
        finally
        {
            // Also when the file breaks part-way: the workouts read so far go in.
            into.Format(ExportFormat.Strong);
            foreach (var workout in workouts.Close())
                into.Add(workout.Read(), file, workout.Line);
        }
    }

    /// <summary>
    /// Metres per unit of an old layout's distance: its Distance Unit column, or else miles for an athlete who lifts in
    /// pounds.
    /// </summary>
    private static double MetresPer(string? distanceUnit, string weightUnit) =>
        distanceUnit is { Length: > 0 } unit
            ? unit.AsSpan().Trim().StartsWith("mi", StringComparison.OrdinalIgnoreCase)
                ? Values.MetresPerMile
                : 1000
            : Values.IsPounds(weightUnit)
                ? Values.MetresPerMile
                : 1000;

    /// <summary>"Chin Up (Assisted)", "Assisted Dip": the weight is what the machine takes off.</summary>
    private static bool IsAssisted(string exercise) =>
        exercise.Contains("assisted", StringComparison.OrdinalIgnoreCase);
}
