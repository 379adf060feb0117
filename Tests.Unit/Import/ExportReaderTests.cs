using System.IO.Compression;
using System.Text;
using BackSignal.Core.Import;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Import;

/// <summary>
/// The layouts with no sample file, and hostile input: each gives a clear error and keeps the good rows.
/// </summary>
public sealed class ExportReaderTests : IDisposable
{
    private const string StrongHeader =
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static ImportContext Context(string file, string zone = "Europe/Berlin", ImportLimits? limits = null) =>
        new()
        {
            FileName = file,
            AthleteId = "ana",
            TimeZone = TimeZones.Resolve(zone),
            Now = Now,
            Limits = limits ?? ImportLimits.Default,
        };

    private ImportResult Read(string name, string content, ImportLimits? limits = null) =>
        ExportReader.ReadFile(_temp.File(name, content), Context(name, limits: limits));

    private ImportResult Read(string name, byte[] content, ImportLimits? limits = null) =>
        ExportReader.ReadFile(_temp.File(name, content), Context(name, limits: limits));

    [Fact]
    public void Strong_android_semicolon_layout_with_units_decimal_commas_warmups_and_rest_timers()
    {
        var result = Read(
            "android.csv",
            "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;"
                + "Notes;Workout Notes;Workout Duration\n"
                + """
                2022-02-16 17:40:08;"Pull day";"Deadlift (Barbell)";W;45;lbs;5;;;;0;"";"";1h 7m
                2022-02-16 17:40:08;"Pull day";"Deadlift (Barbell)";1;102,5;kgs;5;8,5;;;0;;;1h 7m
                2022-02-16 17:40:08;"Pull day";"Deadlift (Barbell)";Rest Timer;;;;;;;90;;;1h 7m
                2022-02-16 17:40:08;"Pull day";"Running";1;;;;;1,5;km;600;;;1h 7m
                """
        );

        Assert.Empty(result.Rejected);
        var workout = Assert.Single(result.Workouts);
        Assert.Equal(67, workout.DurationMin);
        Assert.Equal(3, workout.Sets.Count);
        Assert.Equal(SetKind.Warmup, workout.Sets[0].Kind);
        Assert.Equal(20.412, workout.Sets[0].WeightKg);
        Assert.Equal(102.5, workout.Sets[1].WeightKg);
        Assert.Equal(8.5, workout.Sets[1].Rpe);
        Assert.Equal(1500, workout.Sets[2].DistanceM);
        Assert.Equal(1, result.Skipped["Strong rest-timer rows"]);
    }

    [Fact]
    public void A_bad_value_is_dropped_from_its_set_with_line_and_field_and_a_bad_date_rejects_its_row()
    {
        var result = Read(
            "strong.csv",
            $"""
            {StrongHeader}
            2021-02-10 16:46:13,"Mittwoch",2h 18m,"Deadlift (Barbell)",1,100.0,5,0,0,"","",
            2021-02-10 16:46:13,"Mittwoch",2h 18m,"Deadlift (Barbell)",2,abc,5,0,0,,,
            2021-02-10 16:46:13,"Mittwoch",2h 18m,"Deadlift (Barbell)",3,149.99999999999997,5,0,0,,,
            2021-02-11 25:99:00,"Donnerstag",1h,"Squat (Barbell)",1,80,5,0,0,,,
            """
        );

        Assert.Equal(1, result.RejectedCount);
        var weight = Assert.Single(result.Warnings);
        Assert.Equal(("strong.csv", 3, "Weight"), (weight.File, weight.Line, weight.Field));
        Assert.Contains("'abc' is not a number", weight.Reason);
        Assert.Equal("dropped", weight.Action);
        var date = result.Rejected.Single(r => r.Field == "Date");
        Assert.Equal(5, date.Line);
        var workout = Assert.Single(result.Workouts);
        Assert.Equal([100.0, null, 150.0], workout.Sets.Select(s => s.WeightKg));
    }

    [Fact]
    public void A_wrong_delimiter_in_the_rows_is_reported_row_by_row()
    {
        var result = Read(
            "mixed.csv",
            $"""
            {StrongHeader}
            2021-02-10 16:46:13;"Mittwoch";2h 18m;"Deadlift (Barbell)";1;100.0;5;0;0;"";"";
            """
        );

        var row = Assert.Single(result.Rejected);
        Assert.Equal(2, row.Line);
        Assert.Contains("delimiter", row.Reason);
        Assert.Empty(result.Workouts);
    }

    [Fact]
    public void A_truncated_file_keeps_every_complete_row()
    {
        var full = File.ReadAllText(Fixtures.StrongYear);
        var cut = full[..(full.IndexOf('\n', full.Length / 2) + 40)];

        var result = Read("cut.csv", cut);

        var lines = cut.Count(c => c == '\n');
        Assert.Equal(lines - 1, result.Sets);
        var last = Assert.Single(result.Rejected);
        Assert.Equal(lines + 1, last.Line);
    }

    [Fact]
    public void Binary_garbage_is_refused_as_not_an_export()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);

        var e = Assert.Throws<ImportException>(() => Read("garbage.csv", bytes));
        Assert.Contains("binary", e.Message);
        Assert.Contains("garbage.csv", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\n ")]
    public void An_empty_file_is_refused_clearly(string content)
    {
        var e = Assert.Throws<ImportException>(() => Read("empty.csv", content));
        Assert.Matches("empty|white space", e.Message);
    }

    [Fact]
    public void A_50_MB_line_stops_the_read_with_its_line_number_and_keeps_the_rows_before()
    {
        var path = _temp.PathOf("long.csv");
        using (var writer = new StreamWriter(path))
        {
            writer.WriteLine(StrongHeader);
            writer.WriteLine("2021-02-10 16:46:13,\"Mittwoch\",2h 18m,\"Deadlift (Barbell)\",1,100.0,5,0,0,\"\",\"\",");
            writer.Write("2021-02-10 16:46:13,\"Mittwoch\",2h 18m,\"");
            writer.Write(new string('x', 50 * 1024 * 1024));
            writer.WriteLine("\",2,100,5,0,0,,,");
        }

        var result = ExportReader.ReadFile(path, Context("long.csv"));

        var error = Assert.Single(result.Rejected);
        Assert.Equal(3, error.Line);
        Assert.Contains("longer than", error.Reason);
        Assert.Equal(1, result.Sets);
    }

    [Fact]
    public void Garmin_headers_in_another_language_are_read_and_a_missing_column_is_named_in_that_language()
    {
        var e = Assert.Single(
            Read(
                "Activities.csv",
                "Aktivitetstyp,Datum,Favorit,Namn,Distans\nLöpning,2024-01-01 10:00:00,false,x,5\n"
            ).Rejected
        );
        Assert.Contains("(Swedish) needs a Tid, Förfluten tid or Tid i rörelse column", e.Reason);
        Assert.Equal(1, e.Line);
        var run = Assert.Single(
            Read(
                "Activities.csv",
                "Aktivitetstyp,Datum,Namn,Tid\nLöpning,2024-01-01 10:00:00,x,\"00:30:00,5\"\n"
            ).Workouts
        );
        Assert.Equal(("running", 30.01), (run.Sport, Math.Round(run.DurationMin, 2)));
    }

    [Fact]
    public void An_unknown_csv_names_its_first_line()
    {
        var e = Assert.Throws<ImportException>(() => Read("other.csv", "a,b,c\n1,2,3\n"));
        Assert.Contains("'a,b,c'", e.Message);
    }

    [Fact]
    public void An_xml_entity_bomb_is_not_expanded()
    {
        var bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [\n<!ENTITY lol \"lol\">\n");
        for (var i = 1; i <= 9; i++)
        {
            var previous = $"&lol{(i == 1 ? "" : (i - 1).ToString())};";
            bomb.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat(previous, 10))}\">\n");
        }
        bomb.Append(
            "]>\n<HealthData locale=\"en_US\">\n<Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" "
                + "duration=\"10\" durationUnit=\"min\" startDate=\"2024-01-01 10:00:00 +0000\" endDate=\"2024-01-01 "
                + "10:10:00 +0000\"/>\n<Note>&lol9;</Note>\n</HealthData>\n"
        );
        var before = GC.GetTotalAllocatedBytes();

        var result = Read("export.xml", bomb.ToString());

        Assert.True(GC.GetTotalAllocatedBytes() - before < 50_000_000, "the entities were expanded");
        Assert.Single(result.Workouts);
        var error = Assert.Single(result.Rejected);
        Assert.Equal(16, error.Line);
        Assert.Contains("lol9", error.Reason);
    }

    [Fact]
    public void A_zip_bomb_is_refused_by_its_compression_ratio_and_by_what_actually_comes_out()
    {
        var content = new byte[64 * 1024 * 1024];
        content.AsSpan().Fill((byte)' ');
        "<HealthData>"u8.CopyTo(content);
        var bomb = Zip(("apple_health_export/export.xml", content));
        var byRatio = Read("export.zip", bomb);
        Assert.Contains("zip bomb", Assert.Single(byRatio.Rejected).Reason);

        // With the ratio check out of the way, the byte limit stops the inflation whatever the header says.
        var byBytes = Read(
            "export2.zip",
            bomb,
            ImportLimits.Default with
            {
                MaxCompressionRatio = double.MaxValue,
                MaxEntryBytes = 8 * 1024 * 1024,
            }
        );
        Assert.Contains("over the", Assert.Single(byBytes.Rejected).Reason);
        Assert.Empty(byBytes.Workouts);
    }

    [Fact]
    public void An_apple_health_zip_in_the_newer_layout_is_streamed_and_heart_rate_comes_from_workout_statistics()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE HealthData [
            <!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
            <!ATTLIST HealthData locale CDATA #REQUIRED>
            ]>
            <HealthData locale="en_US">
             <ExportDate value="2025-03-01 10:00:00 +0100"/>
             <Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" startDate="2025-02-27 18:00:00 +0100"
               endDate="2025-02-27 18:00:00 +0100" value="90"/>
             <Workout workoutActivityType="HKWorkoutActivityTypeTraditionalStrengthTraining" duration="62.5"
               durationUnit="min" sourceName="Watch" startDate="2025-02-27 18:00:00 +0100"
               endDate="2025-02-27 19:02:30 +0100">
              <MetadataEntry key="HKIndoorWorkout" value="1"/>
              <WorkoutEvent type="HKWorkoutEventTypeSegment" date="2025-02-27 18:00:00 +0100" duration="10"
                durationUnit="min"/>
              <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned"
                startDate="2025-02-27 18:00:00 +0100" endDate="2025-02-27 19:02:30 +0100" sum="310" unit="kcal"/>
              <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="2025-02-27 18:00:00 +0100"
                endDate="2025-02-27 19:02:30 +0100" average="121.4" minimum="80" maximum="162" unit="count/min"/>
             </Workout>
            </HealthData>
            """;
        var zip = Zip(
            ("apple_health_export/export.xml", Encoding.UTF8.GetBytes(xml)),
            ("apple_health_export/export_cda.xml", "<ClinicalDocument/>"u8.ToArray())
        );

        var result = Read("export.zip", zip);

        Assert.Empty(result.Rejected);
        var workout = Assert.Single(result.Workouts);
        Assert.Equal("strength", workout.Sport);
        Assert.Equal("Traditional Strength Training", workout.Title);
        Assert.Equal(62.5, workout.DurationMin);
        Assert.Equal((121.4, 162.0), (workout.AvgHr!.Value, workout.MaxHr!.Value));
        Assert.Equal(1, result.Skipped["other files of the Apple Health zip"]);
    }

    [Fact]
    public void A_damaged_zip_gives_a_clear_error()
    {
        var zip = Zip(("a.csv", "x"u8.ToArray()));
        var e = Assert.Throws<ImportException>(() => Read("broken.zip", zip[..(zip.Length / 2)]));
        Assert.Contains("damaged", e.Message);
    }

    [Fact]
    public void Canonical_json_array_elements_are_reported_at_their_own_line()
    {
        var result = Read(
            "w.json",
            """
            [
              { "athleteId": "ana", "start": "2026-11-01T10:00:00+00:00", "durationMin": 60, "sets": [] },
              { "athleteId": "ana", "start": "2026-11-02T10:00:00+00:00", "durationMin": 9999,
                "sets": [] }
            ]
            """
        );

        Assert.Equal(2, result.Workouts.Count);
        Assert.Empty(result.Rejected);
        var bad = Assert.Single(result.Warnings);
        Assert.Equal((3, "durationMin"), (bad.Line, bad.Field));
        Assert.Equal(WorkoutValidation.DefaultMinutes, result.Workouts[1].DurationMin);
    }

    [Fact]
    public void A_local_time_that_dst_skips_lands_on_the_right_day()
    {
        // 02:30 does not exist in Berlin on 2021-03-28: it is read as 03:30 CEST, still the 28th.
        var result = Read(
            "dst.csv",
            $"""
            {StrongHeader}
            2021-03-28 02:30:00,"Sunday",1h,"Deadlift (Barbell)",1,100,5,0,0,,,
            2021-10-31 02:30:00,"Sunday",1h,"Deadlift (Barbell)",1,100,5,0,0,,,
            """
        );

        Assert.Equal(new DateTimeOffset(2021, 3, 28, 3, 30, 0, TimeSpan.FromHours(2)), result.Workouts[0].Start);
        Assert.Equal(new DateTimeOffset(2021, 10, 31, 2, 30, 0, TimeSpan.FromHours(2)), result.Workouts[1].Start);
    }

    [Theory]
    [InlineData("2h 18m", 138)]
    [InlineData("1h", 60)]
    [InlineData("49m", 49)]
    [InlineData("38min", 38)]
    [InlineData("1h 5m 30s", 65.5)]
    [InlineData("01:02:03", 62.05)]
    [InlineData("00:03:21.9", 3.365)]
    [InlineData("3600", 60)]
    public void Durations_in_every_spelling(string text, double minutes)
    {
        Assert.True(Values.TryDurationMinutes(text, out var actual));
        Assert.Equal(minutes, actual, 3);
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
