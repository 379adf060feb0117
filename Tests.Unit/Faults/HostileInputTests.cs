using System.IO.Compression;
using System.Text;
using BackSignal.Core.Import;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Import;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Faults;

/// <summary>
/// The attacks a security review found in the readers, each reproduced: every one must end as a reported
/// rejection or a dropped value, never as an exception that poisons the queue, a hang or a memory blow-up.
/// Where an attack used to take seconds, the test runs it under a hang guard (it fails if the read does not
/// return at all); speed itself is measured by `bench import`.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string StrongHeader =
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ImportResult Read(string name, string content, TimeZoneInfo? zone = null) =>
        Read(name, Encoding.UTF8.GetBytes(content), zone);

    private ImportResult Read(string name, byte[] content, TimeZoneInfo? zone = null) =>
        ExportReader.ReadFile(
            _temp.File(name, content),
            new ImportContext
            {
                FileName = name,
                AthleteId = "ana",
                Now = Now,
                TimeZone = zone ?? TimeZoneInfo.Utc,
            }
        );

    /// <summary>Runs <paramref name="read"/> and fails if it has not returned within a minute: a hang guard.</summary>
    private static T Guarded<T>(Func<T> read)
    {
        var task = Task.Run(read);
        Assert.True(task.Wait(TimeSpan.FromMinutes(1)), "the read did not return: the input hangs a worker");
        return task.Result;
    }

    [Fact]
    public void A_duration_of_spaces_that_made_the_regex_backtrack_is_refused_at_once()
    {
        var cell = "1h" + new string(' ', 4_000) + "x";

        Assert.False(Guarded(() => Values.TryDurationMinutes(cell, out _)));
        Assert.False(Guarded(() => Values.TryDurationMinutes("1h" + new string(' ', 1 << 20) + "x", out _)));
        var result = Guarded(() =>
            Read("spaces.csv", $"{StrongHeader}\n2021-02-10 16:46:13,A,\"{cell}\",Deadlift (Barbell),1,100,5,,,,,\n")
        );

        var workout = Assert.Single(result.Workouts);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("spaces.csv", 2, "Duration"), (warning.File, warning.Line, warning.Field));
        Assert.Equal(WorkoutValidation.MinutesPerWorkingSet, workout.DurationMin);
    }

    [Fact]
    public void A_fit_file_of_4000_sessions_and_2000_untimed_sets_is_refused_while_reading()
    {
        var t = FitWriter.Time(Now.AddDays(-1));
        var fit = new FitWriter()
            .Define(
                0,
                18,
                [(253, 4, FitWriter.UInt32), (2, 4, FitWriter.UInt32), (5, 1, FitWriter.Enum), (7, 4, FitWriter.UInt32)]
            )
            .Define(1, 225, [(3, 2, FitWriter.UInt16), (4, 2, FitWriter.UInt16), (5, 1, FitWriter.UInt8)]);
        for (var i = 0; i < 2_000; i++)
            fit.Data(1, 5UL, 1_600UL, 1UL);
        for (var i = 0; i < 4_000; i++)
            fit.Data(0, (ulong)(t + 60), (ulong)t, 10UL, 60_000UL);

        var result = Guarded(() => Read("multiplied.fit", fit.ToArray()));

        Assert.Empty(result.Workouts);
        Assert.Contains($"More than {FitReader.MaxSessions} sessions", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public void A_fit_file_of_more_sets_than_any_activity_is_refused()
    {
        var t = FitWriter.Time(Now.AddDays(-1));
        var fit = new FitWriter().Define(
            1,
            225,
            [(3, 2, FitWriter.UInt16), (4, 2, FitWriter.UInt16), (5, 1, FitWriter.UInt8)]
        );
        for (var i = 0; i <= FitReader.MaxSets; i++)
            fit.Data(1, 5UL, 1_600UL, 1UL);
        fit.Define(0, 18, [(253, 4, FitWriter.UInt32), (2, 4, FitWriter.UInt32), (5, 1, FitWriter.Enum)])
            .Data(0, (ulong)t, (ulong)t, 10UL);

        var result = Read("sets.fit", fit.ToArray());

        Assert.Empty(result.Workouts);
        Assert.Contains("sets: no real activity has that many", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public void Overlapping_session_windows_give_each_set_to_exactly_one_session()
    {
        // Strength, run, strength: the first strength session's elapsed time runs past the start of the others.
        var t = FitWriter.Time(Now.AddDays(-1));
        var fit = new FitWriter()
            .Define(
                0,
                18,
                [
                    (253, 4, FitWriter.UInt32),
                    (2, 4, FitWriter.UInt32),
                    (5, 1, FitWriter.Enum),
                    (6, 1, FitWriter.Enum),
                    (7, 4, FitWriter.UInt32),
                ]
            )
            .Data(0, (ulong)(t + 7_200), (ulong)t, 10UL, 20UL, 7_200_000UL)
            .Data(0, (ulong)(t + 3_600), (ulong)(t + 1_800), 1UL, 0UL, 1_800_000UL)
            .Data(0, (ulong)(t + 7_200), (ulong)(t + 3_600), 10UL, 20UL, 3_600_000UL)
            .Define(
                1,
                225,
                [
                    (254, 4, FitWriter.UInt32),
                    (3, 2, FitWriter.UInt16),
                    (4, 2, FitWriter.UInt16),
                    (5, 1, FitWriter.UInt8),
                    (6, 4, FitWriter.UInt32),
                    (7, 2, FitWriter.UInt16),
                    (8, 2, FitWriter.UInt16),
                ]
            );
        for (var i = 0; i < 4; i++)
            fit.Data(1, (ulong)i, 5UL, 1_600UL, 1UL, (ulong)(t + 60 + i * 60), 8UL, 0UL);
        for (var i = 0; i < 3; i++)
            fit.Data(1, (ulong)(4 + i), 5UL, 1_600UL, 1UL, (ulong)(t + 3_700 + i * 60), 28UL, 6UL);

        var result = Read("overlap.fit", fit.ToArray());

        Assert.Equal(3, result.Workouts.Count);
        Assert.Equal(7, result.Sets);
        Assert.Equal([4, 0, 3], result.Workouts.OrderBy(w => w.Start).Select(w => w.Sets.Count));
    }

    [Fact]
    public void A_fit_session_time_declared_as_uint64_ends_as_a_rejection_not_an_exception()
    {
        var fit = new FitWriter()
            .Define(0, 18, [(253, 8, 0x8F), (2, 8, 0x8F), (5, 1, FitWriter.Enum)])
            .Data(0, ulong.MaxValue - 5, ulong.MaxValue - 5, 10UL);

        var result = Read("uint64.fit", fit.ToArray());

        Assert.Empty(result.Workouts);
        Assert.Contains("no date", Assert.Single(result.Rejected).Reason);
    }

    [Theory]
    [InlineData("0001-01-01 00:30:00")]
    [InlineData("9999-12-31 23:59:59")]
    public void A_date_at_the_calendars_edge_is_a_rejected_row(string date)
    {
        var berlin = TimeZones.Resolve("Europe/Berlin");
        var result = Read(
            "edge.csv",
            $"{StrongHeader}\n{date},A,1h,Deadlift (Barbell),1,100,5,,,,,\n"
                + "2021-02-10 16:46:13,B,1h,Deadlift (Barbell),1,100,5,,,,,\n",
            berlin
        );

        Assert.Equal("B", Assert.Single(result.Workouts).Title);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal((2, "Date"), (rejected.Line, rejected.Field));
    }

    [Fact]
    public void A_nan_heart_rate_from_apple_health_is_dropped_and_the_workout_kept()
    {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <HealthData locale="en_US">
             <Workout workoutActivityType="HKWorkoutActivityTypeTraditionalStrengthTraining" duration="45"
               durationUnit="min" startDate="2026-11-10 18:00:00 +0100" endDate="2026-11-10 18:45:00 +0100">
              <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" average="NaN" maximum="Infinity"
                unit="count/min"/>
             </Workout>
            </HealthData>
            """;

        var result = Read("export.xml", xml);

        var workout = Assert.Single(result.Workouts);
        Assert.Null(workout.AvgHr);
        Assert.Null(workout.MaxHr);
        Assert.Contains(result.Warnings, w => w.Field == "avgHr" && w.Line == 3);
        Assert.NotNull(Json.Serialize(workout)); // NaN could not be written as JSON: the upload used to poison
    }

    [Fact]
    public void A_huge_quoted_field_of_short_lines_stops_at_the_field_limit()
    {
        var field = string.Concat(Enumerable.Repeat(new string('a', 60) + "\n", 20_000)); // 1.2 MB in one field
        var csv =
            $"{StrongHeader}\n2021-02-10 16:46:13,A,1h,Deadlift (Barbell),1,100,5,,,,,\n"
            + $"2021-02-10 16:46:13,A,1h,Deadlift (Barbell),2,100,5,,,\"{field}\",,\n";

        var result = Read("field.csv", csv);

        Assert.Single(Assert.Single(result.Workouts).Sets);
        Assert.Contains("a field is longer than any real export has", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public void An_xml_attribute_of_megabytes_is_refused_before_the_xml_reader_holds_it()
    {
        var xml =
            "<?xml version=\"1.0\"?>\n<HealthData>\n<Workout workoutActivityType=\""
            + new string('x', 3 << 20)
            + "\" duration=\"1\" startDate=\"2026-11-10 18:00:00 +0100\"/>\n</HealthData>\n";

        var result = Read("huge.xml", xml);

        Assert.Empty(result.Workouts);
        Assert.Contains("without a tag", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public void A_zip_of_more_entries_than_an_export_has_is_refused_from_its_end_record()
    {
        var path = _temp.PathOf("many.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            for (var i = 0; i < ImportLimits.Default.MaxZipEntries + 1; i++)
                zip.CreateEntry($"f{i}");

        Assert.Equal(ImportLimits.Default.MaxZipEntries + 1, ZipDirectory.EntryCount(File.OpenRead(path)));
        var e = Assert.Throws<ImportException>(() =>
            ExportReader.ReadFile(path, new ImportContext { FileName = "many.zip", Now = Now })
        );
        Assert.Contains("more than the 20,000 an export has", e.Message);
    }

    [Fact]
    public void Forty_thousand_numberless_sets_in_one_workout_are_numbered_in_one_pass_and_cut_to_the_limit()
    {
        var rows = new StringBuilder(StrongHeader).Append('\n');
        for (var i = 0; i < 40_000; i++)
            rows.Append("2021-02-10 16:46:13,A,1h,Deadlift (Barbell),W,60,5,,,,,\n");

        var result = Guarded(() => Read("warmups.csv", rows.ToString()));

        var workout = Assert.Single(result.Workouts);
        Assert.Equal(WorkoutValidation.MaxSets, workout.Sets.Count);
        Assert.Equal(Enumerable.Range(1, 5), workout.Sets.Take(5).Select(s => s.SetIndex));
        Assert.Contains(result.Warnings, w => w.Field == "sets" && w.Reason.Contains("40,000"));
    }

    [Fact]
    public void A_workout_left_open_for_days_keeps_its_sets_and_gets_an_estimated_duration()
    {
        var result = Read(
            "open.csv",
            $"{StrongHeader}\n"
                + "2021-02-10 16:46:13,Open,264h 1m,Deadlift (Barbell),1,100,5,,,,,\n"
                + "2021-02-10 16:46:13,Open,264h 1m,Deadlift (Barbell),2,100,5,,,,,\n"
                + "2021-02-11 16:46:13,Open too,24h 2m,Squat (Barbell),1,100,5,,,,,9.5\n"
        );

        Assert.Equal(2, result.Workouts.Count);
        Assert.Equal(0, result.RejectedCount);
        Assert.Equal([6.0, 3.0], result.Workouts.Select(w => w.DurationMin));
        Assert.Equal(2, result.Warnings.Count(w => w.Field == "durationMin" && w.Action.Contains("working sets")));
        Assert.Equal(9.5, result.Workouts[1].Sets[0].Rpe);
    }

    [Fact]
    public void An_rpe_out_of_range_is_dropped_from_its_set_and_the_workout_kept()
    {
        var result = Read(
            "rpe.csv",
            $"{StrongHeader}\n"
                + "2021-02-10 16:46:13,A,1h,Deadlift (Barbell),1,100,5,,,,,65\n"
                + "2021-02-10 16:46:13,A,1h,Deadlift (Barbell),2,abc,5,,,,,8\n"
        );

        var workout = Assert.Single(result.Workouts);
        Assert.Equal([null, 8.0], workout.Sets.Select(s => s.Rpe));
        Assert.Equal([100.0, null], workout.Sets.Select(s => s.WeightKg));
        Assert.Equal(0, result.RejectedCount);
        Assert.Equal(["sets[0].rpe", "Weight"], result.Warnings.Select(w => w.Field).Order());
        Assert.Equal(3, result.Warnings.Single(w => w.Field == "Weight").Line);
    }

    [Fact]
    public void The_largest_workout_validation_lets_through_fits_azures_entity_limit()
    {
        // 1,000 sets (the most kept) named with 100 characters that JSON escapes six to one.
        var name = new string('\u2603', WorkoutValidation.MaxExerciseChars);
        var sets = Enumerable
            .Range(1, 3_000)
            .Select(i => new WorkoutSet
            {
                Exercise = name,
                SetIndex = int.MaxValue,
                Kind = SetKind.Dropset,
                WeightKg = 999.999,
                Reps = 999,
                Rpe = 9.99999,
                DistanceM = 99999.9,
                Seconds = 99999.9,
            })
            .ToList();
        var workout = new WorkoutSummary
        {
            AthleteId = "ana",
            Start = Now,
            DurationMin = 60,
            Title = new string('\u2603', 400),
            Sets = sets,
        };

        var (repaired, dropped) = WorkoutValidation.Repair(workout);
        var entity = WorkoutRow.Of("ana", DateOnly.FromDateTime(Now.Date), repaired);

        Assert.True(Json.Serialize(repaired).Length <= WorkoutValidation.MaxStoredJsonChars);
        Assert.Contains(dropped, d => d.Field == "sets");
        // Azure's size of an entity: 4 bytes + 2 per key character + for each property 8 bytes, 2 per name
        // character and its value (4 + 2 per character for a string, 8 for numbers and dates).
        var size =
            4
            + 2 * (entity.PartitionKey.Length + entity.RowKey.Length)
            + entity
                .Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                .Sum(p => 8 + 2 * p.Key.Length + (p.Value is string s ? 4 + 2 * s.Length : 8));
        Assert.True(size < 1 << 20, $"the entity is {size:N0} bytes, over Azure's 1 MiB");
        Assert.All(
            entity.Select(p => p.Value).OfType<string>(),
            s => Assert.True(s.Length * 2 <= 64 << 10, "a property over 64 KiB")
        );
    }

    [Theory]
    [InlineData("ana", "ana/0123456789abcdef01234567/strong.csv", "0123456789abcdef01234567", "strong.csv", true)]
    [InlineData("ana", "bob/0123456789abcdef01234567/strong.csv", "0123456789abcdef01234567", "strong.csv", false)]
    [InlineData("ana", "ana/0123456789abcdef01234567/../bob/x.csv", "0123456789abcdef01234567", "../bob/x.csv", false)]
    [InlineData("ana", "ana/0123456789abcdef01234567/other.csv", "0123456789abcdef01234567", "strong.csv", false)]
    [InlineData("ana", "ana/not-a-hash/strong.csv", "not-a-hash", "strong.csv", false)]
    [InlineData("ana", "ana/0123456789ABCDEF01234567/strong.csv", "0123456789ABCDEF01234567", "strong.csv", false)]
    public void An_exports_message_may_name_only_the_blob_its_producer_writes(
        string athlete,
        string blob,
        string upload,
        string file,
        bool accepted
    ) => Assert.Equal(accepted, ExportUploads.IsUploadName(new ExportUploadedFor(athlete, upload, blob, file).Message));

    private sealed record ExportUploadedFor(string Athlete, string Upload, string Blob, string File)
    {
        public Core.Messaging.ExportUploaded Message => new(Athlete, Upload, Blob, File);
    }
}

/// <summary>A set kind no exporter writes keeps the set, read as normal, and says so.</summary>
public class SetKindTests
{
    [Fact]
    public void An_unknown_set_kind_is_read_as_normal_with_a_warning_and_known_ones_round_trip()
    {
        var body = """
            {"v":1,"athleteId":"ana","start":"2026-11-19T18:00:00+01:00","durationMin":60,
             "sets":[{"exercise":"Deadlift","kind":"superset","weightKg":100,"reps":5},
                     {"exercise":"Deadlift","kind":"warmup","weightKg":60,"reps":5}]}
            """;
        var parsed = Core.Model.Json.Deserialize<Core.Model.WorkoutSummary>(body)!;
        Assert.Equal([Core.Model.SetKind.Unrecognised, Core.Model.SetKind.Warmup], parsed.Sets.Select(s => s.Kind));

        var (repaired, dropped) = Core.Import.WorkoutValidation.Repair(parsed);

        Assert.Equal(Core.Model.SetKind.Normal, repaired.Sets[0].Kind);
        Assert.Contains(dropped, d => d.Field == "sets[0].kind" && d.Action == "read as normal");
        Assert.Contains("\"kind\":\"warmup\"", Core.Model.Json.Serialize(repaired));
    }
}
