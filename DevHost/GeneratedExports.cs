using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace BackSignal.DevHost;

/// <summary>
/// Export files in every layout the readers handle, written by this project's own code: the demo's year of
/// history and the test fixtures. A clone with nothing beside it runs on these; the real exports in
/// ../shared/samples are a second, real-data layer. Deterministic (fixed seeds), so the same call writes the
/// same bytes.
/// </summary>
public static class GeneratedExports
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>What a generated history holds, for the tests to compare the import with.</summary>
    public sealed record Contents(int Workouts, int Sets, double VolumeKg, DateOnly FirstDay, DateOnly LastDay);

    public const string StrongHeader =
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE";

    private sealed record Lift(string Exercise, int Sets, int Reps, double StartKg, double StepKg);

    // A three-day full-body programme: squat, press and pull each day; deadlifts once a week.
    private static readonly Lift[][] Days =
    [
        [
            new("Squat (Barbell)", 5, 5, 70, 2.5),
            new("Bench Press (Barbell)", 5, 5, 55, 1.25),
            new("Bent Over Row (Barbell)", 3, 8, 50, 1.25),
        ],
        [
            new("Deadlift (Barbell)", 3, 5, 90, 2.5),
            new("Overhead Press (Barbell)", 5, 5, 35, 1),
            new("Pull Up", 3, 8, 0, 0),
        ],
        [
            new("Squat (Barbell)", 3, 8, 60, 2),
            new("Incline Bench Press (Dumbbell)", 3, 10, 20, 0.5),
            new("Romanian Deadlift (Barbell)", 3, 10, 60, 2),
        ],
    ];

    /// <summary>
    /// A year of a lifter's Strong export in the comma layout with 24-hour dates and no unit column (kg): three
    /// sessions most weeks on shifting days, a fourth now and then, warm-up sets, linear progression in six-week
    /// blocks with a deload week between, a three-week holiday, durations spelled as Strong does ("1h 5m", "58m"),
    /// notes with commas and quotes. Ends on <paramref name="lastDay"/>.
    /// </summary>
    public static Contents StrongYear(string path, DateOnly lastDay, int weeks = 52, int seed = 2021)
    {
        var random = new Random(seed);
        var firstMonday = Monday(lastDay).AddDays(-7 * (weeks - 1));
        var rows = new StringBuilder(StrongHeader).Append('\n');
        int workouts = 0,
            sets = 0;
        double volume = 0;
        DateOnly? first = null,
            last = null;
        var holiday = weeks * 3 / 5;
        for (var week = 0; week < weeks; week++)
        {
            if (week >= holiday && week < holiday + 3)
                continue;
            var block = week / 7;
            var inBlock = week % 7;
            var deload = inBlock == 6;
            var progression = block * 4 + Math.Min(inBlock, 5);
            var offsets = random.Next(4) == 0 ? new[] { 0, 2, 4, 5 } : new[] { 0, 2, 4 };
            for (var s = 0; s < offsets.Length; s++)
            {
                var day = firstMonday.AddDays(7 * week + offsets[s] + (offsets[s] < 4 ? random.Next(2) : 0));
                if (day > lastDay)
                    continue;
                var plan = Days[(week * 3 + s) % Days.Length];
                var start = day.ToDateTime(new TimeOnly(17 + random.Next(3), random.Next(60), random.Next(60)));
                var minutes = 50 + random.Next(30);
                var duration = minutes >= 60 ? $"{minutes / 60}h {minutes % 60}m" : $"{minutes}m";
                var name = s switch
                {
                    0 => "Day A",
                    1 => "Day B",
                    2 => "Day C",
                    _ => "Extra \"pump\" session",
                };
                var note = random.Next(10) == 0 ? "\"Felt tight, warmed up longer\"" : "";
                var first1 = true;
                foreach (var lift in plan)
                {
                    var kg = Math.Round((lift.StartKg + lift.StepKg * progression) * (deload ? 0.8 : 1) / 1.25) * 1.25;
                    if (first1 && kg > 40)
                    {
                        // Two warm-up sets before the first lift.
                        foreach (var warm in new[] { 0.5, 0.7 })
                        {
                            Row(
                                rows,
                                start,
                                name,
                                duration,
                                lift.Exercise,
                                "W",
                                Math.Round(kg * warm / 2.5) * 2.5,
                                5,
                                "",
                                note
                            );
                            sets++;
                            volume += Math.Round(kg * warm / 2.5) * 2.5 * 5;
                        }
                    }
                    first1 = false;
                    for (var i = 1; i <= lift.Sets; i++)
                    {
                        var reps = lift.Reps - (i == lift.Sets && random.Next(5) == 0 ? 1 : 0);
                        var rpe = random.Next(6) == 0 ? (7 + random.Next(3)).ToString(Invariant) : "";
                        Row(rows, start, name, duration, lift.Exercise, i.ToString(Invariant), kg, reps, rpe, note);
                        sets++;
                        volume += kg * reps;
                    }
                }
                workouts++;
                first ??= day;
                last = day;
            }
        }
        File.WriteAllText(path, rows.ToString(), new UTF8Encoding(false));
        return new Contents(workouts, sets, Math.Round(volume, 3), first!.Value, last!.Value);
    }

    private static void Row(
        StringBuilder rows,
        DateTime start,
        string name,
        string duration,
        string exercise,
        string order,
        double kg,
        int reps,
        string rpe,
        string note
    ) =>
        rows.Append(start.ToString("yyyy-MM-dd HH:mm:ss", Invariant))
            .Append(",\"")
            .Append(name.Replace("\"", "\"\""))
            .Append("\",")
            .Append(duration)
            .Append(",\"")
            .Append(exercise)
            .Append("\",")
            .Append(order)
            .Append(',')
            .Append(kg > 0 ? kg.ToString("0.0##", Invariant) : "")
            .Append(',')
            .Append(reps.ToString(Invariant))
            .Append(",0,0,")
            .Append(note.Length > 0 ? "\"" + note.Replace("\"", "\"\"") + "\"" : "")
            .Append(",,")
            .Append(rpe)
            .Append('\n');

    /// <summary>A small Strong export (comma layout) with durations written "38min": 4 workouts, 48 sets.</summary>
    public static Contents StrongSmall(string path)
    {
        var rows = new StringBuilder(StrongHeader).Append('\n');
        var day = new DateOnly(2022, 9, 5);
        for (var w = 0; w < 4; w++)
        {
            var start = day.AddDays(2 * w).ToDateTime(new TimeOnly(7, 30, 0));
            foreach (
                var (exercise, kg) in new[]
                {
                    ("Squat (Barbell)", 45.0 + 5 * w),
                    ("Bench Press (Barbell)", 40.0),
                    ("Bent Over Row (Barbell)", 40.0),
                }
            )
                for (var i = 1; i <= 4; i++)
                    Row(rows, start, $"Morning {w + 1}", "38min", exercise, i.ToString(Invariant), kg, 5, "", "");
        }
        File.WriteAllText(path, rows.ToString());
        return new Contents(4, 48, 4 * 4 * 5 * (45 + 40 + 40) + 4 * 5 * 5 * (0 + 1 + 2 + 3), day, day.AddDays(6));
    }

    /// <summary>
    /// The newer iOS layout: 12-hour dates with a narrow no-break space before "pm", single-digit hours.
    /// </summary>
    public static Contents Strong12Hour(string path)
    {
        var text =
            StrongHeader
            + "\n"
            + "2025-01-29 5:30:00\u202Fpm,\"Legs\",49m,\"Squat (Barbell)\",1,100,5,,,,,\n"
            + "2025-01-29 5:30:00\u202Fpm,\"Legs\",49m,\"Squat (Barbell)\",2,100,5,,,,,\n"
            + "2025-01-30 12:34:56\u202Fpm,\"Pull\",64m,\"Deadlift (Barbell)\",1,120,3,,,,,8\n";
        File.WriteAllText(path, text);
        return new Contents(2, 3, 1360, new DateOnly(2025, 1, 29), new DateOnly(2025, 1, 30));
    }

    /// <summary>A row of the current Strong layout: every field quoted, semicolons.</summary>
    private static string Q(params string[] fields) => string.Join(';', fields.Select(f => $"\"{f}\"")) + "\n";

    private static readonly string CurrentHeader = Q(
        "Workout #",
        "Date",
        "Workout Name",
        "Duration (sec)",
        "Exercise Name",
        "Set Order",
        "Weight (kg)",
        "Reps",
        "RPE",
        "Distance (meters)",
        "Seconds",
        "Notes",
        "Workout Notes"
    );

    /// <summary>
    /// The layout Strong writes today: every field quoted, semicolons, "Workout #", "Duration (sec)", "Weight (kg)",
    /// "Distance (meters)", with Rest Timer and Note rows between the sets.
    /// </summary>
    public static Contents StrongCurrent(string path)
    {
        var text =
            CurrentHeader
            + Q(
                "1",
                "2025-02-24 15:10:32",
                "Lower",
                "2176",
                "Deadlift (Barbell)",
                "1",
                "100.0",
                "5",
                "",
                "",
                "",
                "",
                ""
            )
            + Q(
                "1",
                "2025-02-24 15:10:32",
                "Lower",
                "2176",
                "Deadlift (Barbell)",
                "Rest Timer",
                "",
                "",
                "",
                "",
                "180",
                "",
                ""
            )
            + Q(
                "1",
                "2025-02-24 15:10:32",
                "Lower",
                "2176",
                "Deadlift (Barbell)",
                "2",
                "102.5",
                "5",
                "8.5",
                "",
                "",
                "",
                ""
            )
            + Q(
                "1",
                "2025-02-24 15:10:32",
                "Lower",
                "2176",
                "Farmers Walk",
                "Note",
                "",
                "",
                "",
                "",
                "",
                "Heavy grip day",
                ""
            )
            + Q("1", "2025-02-24 15:10:32", "Lower", "2176", "Farmers Walk", "1", "32.0", "", "", "40", "", "", "")
            + Q(
                "2",
                "2025-02-26 18:02:11",
                "Upper",
                "1800",
                "Bench Press (Barbell)",
                "1",
                "60.0",
                "8",
                "",
                "",
                "",
                "",
                ""
            );
        File.WriteAllText(path, text);
        return new Contents(2, 4, 100 * 5 + 102.5 * 5 + 60 * 8, new DateOnly(2025, 2, 24), new DateOnly(2025, 2, 26));
    }

    /// <summary>
    /// The current layout as the app writes it since it spelled set kinds out: Set Order WARM_UP, FAILURE, DROP_SET
    /// and NORMAL beside set numbers (some current exports are a fifth such rows).
    /// </summary>
    public static Contents StrongWordOrders(string path)
    {
        static string Set(string order, string exercise, string kg, string reps) =>
            Q("7", "2026-03-02 17:45:00", "Pull", "3900", exercise, order, kg, reps, "", "", "", "", "");
        var text =
            CurrentHeader
            + Set("WARM_UP", "Deadlift (Barbell)", "60.0", "5")
            + Set("WARM_UP", "Deadlift (Barbell)", "100.0", "3")
            + Set("1", "Deadlift (Barbell)", "140.0", "5")
            + Set("2", "Deadlift (Barbell)", "140.0", "5")
            + Set("FAILURE", "Deadlift (Barbell)", "140.0", "4")
            + Set("Rest Timer", "Deadlift (Barbell)", "", "")
            + Set("NORMAL", "Barbell Row", "80.0", "8")
            + Set("DROP_SET", "Barbell Row", "60.0", "10");
        File.WriteAllText(path, text);
        var volume = 60 * 5 + 100 * 3 + 140 * 5 * 2 + 140 * 4 + 80 * 8 + 60 * 10;
        return new Contents(1, 7, volume, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2));
    }

    /// <summary>
    /// The older semicolon layout with Weight Unit (lbs), Distance Unit, decimal-point RPEs and an assisted machine.
    /// </summary>
    public static Contents StrongPounds(string path)
    {
        var text =
            "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance "
            + "Unit;Seconds;Notes;Workout Notes;Workout Duration\n"
            + "2022-09-20 16:39:37;\"Week B Day 1\";\"Bench Press (Barbell)\";1;115;lbs;8;6.5;;;0;\"\";\"\";1h 8m\n"
            + "2022-09-20 16:39:37;\"Week B Day 1\";\"Chin Up (Assisted)\";1;60;lbs;5;9.5;;;0;\"Felt it; left "
            + "side\";;1h 8m\n"
            + "2022-09-20 16:39:37;\"Week B Day 1\";\"Pull Up (Band)\";1;;;8;;;;0;;;1h 8m\n";
        File.WriteAllText(path, text);
        return new Contents(
            1,
            3,
            Math.Round(115 * 0.45359237, 3) * 8,
            new DateOnly(2022, 9, 20),
            new DateOnly(2022, 9, 20)
        );
    }

    public const string HevyHeader =
        "\"title\",\"start_time\",\"end_time\",\"description\",\"exercise_title\",\"superset_id\","
        + "\"exercise_notes\",\"set_index\",\"set_type\",\"weight_kg\",\"reps\",\"distance_km\","
        + "\"duration_seconds\",\"rpe\"";

    /// <summary>
    /// A Hevy export (kg) of <paramref name="weeks"/> weeks of upper/lower training: 0-based set indexes, warm-up,
    /// normal, failure and drop sets, bodyweight sets with an empty weight, zero-padded days ("02 Jul 2025, 17:56").
    /// </summary>
    public static Contents Hevy(string path, DateOnly firstMonday, int weeks = 12, int seed = 2025)
    {
        var random = new Random(seed);
        var rows = new StringBuilder(HevyHeader).Append('\n');
        int workouts = 0,
            sets = 0;
        double volume = 0;
        DateOnly last = firstMonday;
        string[][] plans =
        [
            ["Bench Press (Barbell)", "Lat Pulldown (Cable)", "Push Up"],
            ["Squat (Barbell)", "Romanian Deadlift (Barbell)", "Leg Press"],
        ];
        for (var week = 0; week < weeks; week++)
            foreach (var offset in new[] { 0, 1, 3, 4 })
            {
                var day = firstMonday.AddDays(7 * week + offset);
                var start = day.ToDateTime(new TimeOnly(18, random.Next(10, 59)));
                var end = start.AddMinutes(55 + random.Next(25));
                var plan = plans[offset % 2];
                var title = offset % 2 == 0 ? "Upper" : "Lower";
                foreach (var exercise in plan)
                {
                    var kg =
                        exercise == "Push Up" ? (double?)null : 40 + 5 * (Array.IndexOf(plan, exercise) + 1) + week;
                    string[] types = kg is null
                        ? ["normal", "normal", "failure"]
                        : ["warmup", "normal", "normal", "normal", "dropset"];
                    for (var i = 0; i < types.Length; i++)
                    {
                        var weight = kg is { } k
                            ? types[i] switch
                            {
                                "warmup" => k / 2,
                                "dropset" => k * 0.7,
                                _ => k,
                            }
                            : (double?)null;
                        var reps = types[i] == "failure" ? 12 : 8;
                        rows.Append(
                                Csv(
                                    title,
                                    Hevy(start),
                                    Hevy(end),
                                    "",
                                    exercise,
                                    "",
                                    "",
                                    i.ToString(Invariant),
                                    types[i],
                                    weight?.ToString("0.##", Invariant) ?? "",
                                    reps.ToString(Invariant),
                                    "",
                                    "",
                                    ""
                                )
                            )
                            .Append('\n');
                        sets++;
                        volume += (weight ?? 0) * reps;
                    }
                }
                workouts++;
                last = day;
            }
        File.WriteAllText(path, rows.ToString());
        return new Contents(workouts, sets, Math.Round(volume, 3), firstMonday, last);

        static string Hevy(DateTime t) => t.ToString("dd MMM yyyy, HH:mm", Invariant);
    }

    private static string Csv(params string[] fields) =>
        string.Join(',', fields.Select(f => $"\"{f.Replace("\"", "\"\"")}\""));

    /// <summary>
    /// A Garmin Connect Activities.csv (English): quoted thousands, "--" for missing, both time spellings.
    /// </summary>
    public static Contents Garmin(string path)
    {
        var text =
            "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,Aerobic TE,Total Reps,Total "
            + "Sets,Moving Time,Elapsed Time\n"
            + "Strength Training,2025-02-03 "
            + "18:01:10,false,\"Strength\",\"0.00\",\"321\",\"00:51:07\",\"115\",\"151\",\"1.9\",\"120\",\"20\","
            + "\"00:40:00\",\"00:51:07\"\n"
            + "Cycling,2025-02-02 "
            + "14:48:43,false,\"Ride\",\"35.85\",\"1,721\",\"01:34:56\",\"122\",\"165\",\"2.1\",\"--\",\"--\","
            + "\"01:03:38\",\"01:34:57\"\n"
            + "Strength Training,2024-11-05 "
            + "07:00:00,false,\"Short\",\"0.00\",\"20\",\"00:03:21.9\",\"57\",\"80\",\"0.0\",\"--\",\"--\","
            + "\"00:03:00\",\"00:03:21.9\"\n";
        File.WriteAllText(path, text);
        return new Contents(3, 0, 0, new DateOnly(2024, 11, 5), new DateOnly(2025, 2, 3));
    }

    /// <summary>
    /// A Strava bulk activities.csv: repeated column names, UTC dates such as "Oct 5, 2014, 4:15:21 PM".
    /// </summary>
    public static Contents Strava(string path)
    {
        var text =
            "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max "
            + "Heart Rate,"
            + "Relative Effort,Commute,Elapsed Time,Moving Time,Distance,Average Heart Rate,Perceived Exertion,Total "
            + "Weight Lifted\n"
            + "203707851,\"Oct 5, 2014, 4:15:21 PM\",Morning "
            + "Ride,Ride,,2833,20.1,171,40,false,2833.0,2700.0,20100.0,140,,\n"
            + "203707852,\"Oct 7, 2014, 6:00:00 AM\",Easy run,Run,,1800,5.0,160,20,false,1800.0,1750.0,5000.0,,6,\n"
            + "203707853,\"Oct 8, 2014, 6:00:00 PM\",Gym,Weight "
            + "Training,,3600,0,150,30,false,3600.0,3000.0,0.0,120,7,5000\n";
        File.WriteAllText(path, text);
        return new Contents(3, 0, 0, new DateOnly(2014, 10, 5), new DateOnly(2014, 10, 8));
    }

    /// <summary>
    /// An Apple Health export.xml with its DTD preamble, Records, a workout in the older layout (attributes) and one
    /// in the newer layout (WorkoutStatistics with the heart rate).
    /// </summary>
    public static Contents AppleHealth(string path)
    {
        const string text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE HealthData [
            <!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
            <!ATTLIST HealthData locale CDATA #REQUIRED>
            ]>
            <HealthData locale="en_US">
             <ExportDate value="2025-03-01 10:00:00 +0100"/>
             <Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" startDate="2025-02-27 18:10:00 +0100"
               endDate="2025-02-27 18:10:00 +0100" value="120"/>
             <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="5.19" durationUnit="min"
               totalDistance="1.2" totalDistanceUnit="km" startDate="2016-11-14 07:25:41 -0700"
               endDate="2016-11-14 07:30:52 -0700">
              <MetadataEntry key="HKIndoorWorkout" value="0"/>
             </Workout>
             <Workout workoutActivityType="HKWorkoutActivityTypeTraditionalStrengthTraining" duration="62.5"
               durationUnit="min" startDate="2025-02-27 18:00:00 +0100" endDate="2025-02-27 19:02:30 +0100">
              <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="2025-02-27 18:00:00 +0100"
                endDate="2025-02-27 19:02:30 +0100" average="121.4" minimum="80" maximum="162" unit="count/min"/>
             </Workout>
            </HealthData>
            """;
        File.WriteAllText(path, text);
        return new Contents(2, 0, 0, new DateOnly(2016, 11, 14), new DateOnly(2025, 2, 27));
    }

    /// <summary>The same export.xml inside Apple's export.zip, beside files that are not read.</summary>
    public static Contents AppleHealthZip(string path)
    {
        var xml = Path.GetTempFileName();
        try
        {
            var contents = AppleHealth(xml);
            using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
            zip.CreateEntryFromFile(xml, "apple_health_export/export.xml");
            using (var writer = new StreamWriter(zip.CreateEntry("apple_health_export/export_cda.xml").Open()))
                writer.Write("<ClinicalDocument/>");
            using (
                var writer = new StreamWriter(zip.CreateEntry("apple_health_export/workout-routes/route_1.gpx").Open())
            )
                writer.Write("<gpx/>");
            return contents;
        }
        finally
        {
            File.Delete(xml);
        }
    }

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
