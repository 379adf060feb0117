using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// Garmin Connect's Activities.csv (the activity list export) in any language it exports (<see
/// cref="GarminLanguages"/>): one summary row per activity, "--" for missing values, quoted numbers with thousands
/// separators or decimal commas, times as hh:mm:ss, 00:03:21.9 or 00:03:21,9, local start times (ISO, or day first
/// in the languages that write it so). Avg HR and Max HR feed TRIMP; Total Reps and Total Sets are kept when
/// present (the CSV has no per-set rows: those come from FIT files). Messages name the file's own column names.
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

    // The languages other than English write dates day first when they do not write them ISO.
    private static readonly string[] DayFirstFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd H:mm:ss",
        "dd.MM.yyyy HH:mm:ss",
        "d.M.yyyy H:mm:ss",
        "dd.MM.yyyy HH:mm",
        "dd/MM/yyyy HH:mm:ss",
        "d/M/yyyy H:mm:ss",
        "dd/MM/yyyy HH:mm",
        "dd-MM-yyyy HH:mm:ss",
        "d-M-yyyy H:mm:ss",
        "dd-MM-yyyy HH:mm",
    ];

    public static void Read(Stream stream, string headerLine, string file, ImportCollector into)
    {
        var context = into.Context;
        using var csv = new CsvSource(stream, context with { FileName = file }, headerLine);
        var names =
            GarminLanguages.Of(
                csv.Header.Select(h => h.Trim().Trim('\uFEFF')).ToHashSet(StringComparer.OrdinalIgnoreCase)
            ) ?? GarminLanguages.English;
        var english = names == GarminLanguages.English;
        (int? Column, string Name) Find(string[] candidates) =>
            candidates.Select(c => (csv.Column(c), c)).FirstOrDefault(x => x.Item1 is not null, (null, candidates[0]));
        var type = Find(names.ActivityType).Column;
        var (date, dateName) = Find(names.Date);
        var title = Find(names.Title).Column;
        var (time, timeName) = Find([.. names.Time, .. names.ElapsedTime, .. names.MovingTime]);
        var (avgHr, avgHrName) = Find(names.AvgHr);
        var (maxHr, maxHrName) = Find(names.MaxHr);
        var (totalReps, repsName) = Find(names.TotalReps);
        var (totalSets, setsName) = Find(names.TotalSets);
        if (time is null)
            throw new ImportException(
                file,
                $"A Garmin Connect Activities.csv ({names.Language}) needs a {names.Time[0]}, {names.ElapsedTime[0]} "
                    + $"or {names.MovingTime[0]} column.",
                1
            );

        while (csv.Reader.Read())
        {
            var line = csv.Line;
            if (csv.RejectShortRow(into, file))
                continue;
            if (!Values.TryLocal(csv.Field(date), english ? DateFormats : DayFirstFormats, out var local))
            {
                into.Reject(
                    file,
                    line,
                    dateName,
                    $"'{CsvSource.Shorten(csv.Field(date) ?? "")}' is not a date and time (such as 2025-02-02 14:48:43)"
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
            // Localized files write "5,02" as well as "1,721": the number decides its own mark.
            var avg = csv.Number(avgHr, avgHrName, into, file, eitherMark: !english);
            var max = csv.Number(maxHr, maxHrName, into, file, eitherMark: !english);
            var reps = csv.Number(totalReps, repsName, into, file, eitherMark: !english);
            var sets = csv.Number(totalSets, setsName, into, file, eitherMark: !english);

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

    /// <summary>
    /// The sport of an activity type as an app names it, in English or in the languages Garmin Connect exports
    /// ("Krafttraining", "Musculation", "Entrenamiento de fuerza", "Styrketräning"…): words in the name, tried from
    /// strength to mobility; "other" when none matches.
    /// </summary>
    public static string FromName(string activity)
    {
        var a = activity.Trim().ToLowerInvariant();
        foreach (var (sport, words) in Words)
            if (words.Any(a.Contains))
                return sport;
        return "other";
    }

    private static readonly (string Sport, string[] Words)[] Words =
    [
        (
            "strength",
            [
                "strength",
                "weight",
                "crossfit",
                "functional",
                "kraft",
                "muscula",
                "fuerza",
                "forza",
                "kracht",
                "styrke",
                "styrka",
                "styrketr",
                "força",
            ]
        ),
        ("running", ["run", "jog", "lauf", "course", "carrera", "corsa", "hardlop", "löp", "løb", "løp", "corrida"]),
        (
            "cycling",
            [
                "cycl",
                "ride",
                "bik",
                "spin",
                "radfahr",
                "rennrad",
                "vélo",
                "velo",
                "ciclis",
                "fiets",
                "wielren",
                "cykl",
                "sykl",
            ]
        ),
        ("rowing", ["row", "ruder", "aviron", "remo", "canottaggio", "roei", "rodd", "roning"]),
        ("swimming", ["swim", "schwimm", "natation", "nataci", "nuoto", "zwem", "simning", "svøm", "nataç"]),
        (
            "walking",
            [
                "walk",
                "hik",
                "gehen",
                "wander",
                "marche",
                "randonn",
                "camina",
                "senderis",
                "cammin",
                "escursion",
                "wandel",
                "promenad",
                "vandr",
                "gåtur",
                "caminhada",
            ]
        ),
        (
            "mobility",
            ["yoga", "pilates", "stretch", "mobility", "dehn", "étirement", "estiramiento", "allungamento", "rekken"]
        ),
    ];
}
