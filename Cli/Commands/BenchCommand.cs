using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BackSignal.Core.Import;
using BackSignal.DevHost;
using CsvHelper;
using CsvHelper.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>
/// `backsignal bench import`: how fast the importers are and how much memory they hold, on the real Strong
/// sample, a generated Strong file of a million rows (against a bare CsvHelper pass over the same file that only
/// reads the fields), and a generated Apple Health export.xml of hundreds of MB (wall time and peak working set).
/// Prints the figures and writes them as JSON for comparing runs.
/// </summary>
public sealed class BenchImportCommand : Command<BenchImportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--rows <N>")]
        [Description("Rows of the generated Strong file. Default: 1000000")]
        public int Rows { get; init; } = 1_000_000;

        [CommandOption("--apple-mb <MB>")]
        [Description("Size of the generated Apple Health export.xml. Default: 300")]
        public int AppleMegabytes { get; init; } = 300;

        [CommandOption("--out <FILE>")]
        [Description("Where the JSON figures go. Default: bench-import.json")]
        public string Out { get; init; } = "bench-import.json";

        [CommandOption("--sample <FILE>")]
        [Description(
            "The real Strong export to time. Default: "
                + "../shared/samples/strong/strong_breinsp-strong-charts_comma-24h.csv"
        )]
        public string? Sample { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("backsignal-bench-").FullName;
        try
        {
            var figures = new Dictionary<string, object>
            {
                ["machine"] = new
                {
                    Environment.ProcessorCount,
                    os = Environment.OSVersion.ToString(),
                    runtime = Environment.Version.ToString(),
                },
                ["at"] = DateTimeOffset.UtcNow,
            };

            // Apple Health first, so that the peak working set is not the Strong benchmarks' leftovers.
            var apple = Path.Combine(folder, "export.xml");
            GenerateAppleHealth(apple, (long)s.AppleMegabytes << 20);
            // Read in a fresh process, so that its peak working set is the import's and not the generator's.
            var read = JsonDocument.Parse(RunChild("bench", "read", apple)).RootElement;
            var appleBytes = new FileInfo(apple).Length;
            var appleSeconds = read.GetProperty("seconds").GetDouble();
            figures["appleHealth"] = new
            {
                bytes = appleBytes,
                workouts = read.GetProperty("workouts").GetInt32(),
                seconds = appleSeconds,
                megabytesPerSecond = Math.Round(appleBytes / 1e6 / appleSeconds, 1),
                peakWorkingSetMb = read.GetProperty("peakWorkingSetMb").GetDouble(),
                startupWorkingSetMb = read.GetProperty("startupWorkingSetMb").GetDouble(),
            };
            File.Delete(apple);
            var clock = new Stopwatch();

            var sample =
                s.Sample
                ?? Path.Combine(
                    RepositoryRootOrHere(),
                    "..",
                    "shared",
                    "samples",
                    "strong",
                    "strong_breinsp-strong-charts_comma-24h.csv"
                );
            if (File.Exists(sample))
            {
                var rows = File.ReadLines(sample).Count() - 1;
                for (var i = 0; i < 20; i++)
                    ExportReader.ReadFile(sample, Context(sample)); // warm-up: let the JIT finish tiering
                const int runs = 50;
                clock.Restart();
                for (var i = 0; i < runs; i++)
                    ExportReader.ReadFile(sample, Context(sample));
                var perRun = clock.Elapsed.TotalSeconds / runs;
                figures["strongSample"] = new
                {
                    rows,
                    millisecondsPerFile = Math.Round(perRun * 1000, 3),
                    rowsPerSecond = Math.Round(rows / perRun),
                };
            }

            var strong = Path.Combine(folder, "strong.csv");
            GenerateStrong(strong, s.Rows);
            // Best of three of each, alternating, so that both see the same machine.
            double bare = double.MaxValue,
                ours = double.MaxValue;
            long fields = 0;
            ImportResult result = null!;
            for (var run = 0; run < 3; run++)
            {
                clock.Restart();
                fields = BareCsvPass(strong);
                bare = Math.Min(bare, clock.Elapsed.TotalSeconds);
                clock.Restart();
                result = ExportReader.ReadFile(strong, Context(strong));
                ours = Math.Min(ours, clock.Elapsed.TotalSeconds);
            }
            figures["worstCases"] = HostileInputs.Measure(folder, RunChild);
            figures["strongGenerated"] = new
            {
                rows = s.Rows,
                bytes = new FileInfo(strong).Length,
                workouts = result.Workouts.Count,
                sets = result.Sets,
                rejected = result.RejectedCount,
                seconds = Math.Round(ours, 3),
                rowsPerSecond = Math.Round(s.Rows / ours),
                bareCsvHelperSeconds = Math.Round(bare, 3),
                bareRowsPerSecond = Math.Round(s.Rows / bare),
                fieldsRead = fields,
                ratioToBare = Math.Round(bare / ours, 3),
            };

            var json = JsonSerializer.Serialize(
                figures,
                new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }
            );
            File.WriteAllText(s.Out, json);
            AnsiConsole.WriteLine(json);
            AnsiConsole.MarkupLineInterpolated($"[grey]Written to {s.Out}.[/]");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs this program again with <paramref name="args"/> and returns its standard output.</summary>
    internal static string RunChild(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Under `dotnet backsignal.dll` the host is dotnet and the program is the dll.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            start.ArgumentList.Add(typeof(BenchImportCommand).Assembly.Location);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"`{string.Join(' ', args)}` failed with exit code {child.ExitCode}.");
        return output;
    }

    internal static ImportContext Context(string path) =>
        new()
        {
            FileName = Path.GetFileName(path),
            AthleteId = "bench",
            Now = DateTimeOffset.UtcNow,
        };

    private static string RepositoryRootOrHere()
    {
        try
        {
            return DevHost.RepositoryRoot.Find();
        }
        catch (InvalidOperationException)
        {
            return Directory.GetCurrentDirectory();
        }
    }

    /// <summary>What any CSV import must do at least: read every field of every row with CsvHelper.</summary>
    private static long BareCsvPass(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, true, 1 << 16);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        long fields = 0;
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
            for (var i = 0; i < csv.Parser.Count; i++)
                fields += csv.Parser[i]!.Length > 0 ? 1 : 0;
        return fields;
    }

    /// <summary>
    /// A Strong export in the 24-hour comma layout: workouts of 25 sets over 5 exercises, six a day (so that a million
    /// rows fit after 2000).
    /// </summary>
    public static void GenerateStrong(string path, int rows, DateTime? firstDay = null)
    {
        string[] exercises =
        [
            "Deadlift (Barbell)",
            "Squat (Barbell)",
            "Bench Press (Barbell)",
            "Bent Over Row (Barbell)",
            "Overhead Press (Barbell)",
        ];
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine(
            "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
        );
        var start = (firstDay ?? new DateTime(2000, 1, 3)).Date.AddHours(6.5);
        for (var row = 0; row < rows; row++)
        {
            var workout = row / 25;
            var date = start
                .AddDays(workout / 6)
                .AddHours(workout % 6 * 2)
                .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var exercise = exercises[row % 25 / 5];
            var set = row % 5 + 1;
            var weight = 60 + workout % 40 + set * 2.5;
            writer.Write(date);
            writer.Write(",\"Day ");
            writer.Write(workout % 7);
            writer.Write("\",1h 15m,\"");
            writer.Write(exercise);
            writer.Write("\",");
            writer.Write(set);
            writer.Write(',');
            writer.Write(weight.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(5 + set % 3);
            writer.WriteLine(",0,0,\"\",\"\",");
        }
    }

    /// <summary>
    /// An Apple Health export.xml of about <paramref name="bytes"/>: the real preamble with its DTD, mostly heart
    /// rate Records (as real exports are), and one Workout every 2,000 records in the newer layout.
    /// </summary>
    public static void GenerateAppleHealth(string path, long bytes)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        writer.Write(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE HealthData [
            <!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
            <!ATTLIST HealthData locale CDATA #REQUIRED>
            <!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
            ]>
            <HealthData locale="en_US">
             <ExportDate value="2025-03-01 10:00:00 +0100"/>
             <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>

            """
        );
        var t = new DateTime(2015, 1, 1, 6, 0, 0);
        for (var i = 0; stream.Position < bytes; i++)
        {
            t = t.AddMinutes(5);
            var at = t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0100";
            writer.Write(
                $" <Record type=\"HKQuantityTypeIdentifierHeartRate\" sourceName=\"Watch\" sourceVersion=\"9.1\" "
                    + $"unit=\"count/min\" creationDate=\"{at}\" startDate=\"{at}\" endDate=\"{at}\" "
                    + $"value=\"{60 + i % 80}\">\n  <MetadataEntry key=\"HKMetadataKeyHeartRateMotionContext\" "
                    + $"value=\"0\"/>\n </Record>\n"
            );
            if (i % 2000 == 0)
            {
                var end = t.AddMinutes(55).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0100";
                writer.Write(
                    $" <Workout workoutActivityType=\"HKWorkoutActivityTypeTraditionalStrengthTraining\" "
                        + $"duration=\"55\" durationUnit=\"min\" sourceName=\"Watch\" startDate=\"{at}\" "
                        + $"endDate=\"{end}\">\n  <WorkoutStatistics type=\"HKQuantityTypeIdentifierHeartRate\" "
                        + $"startDate=\"{at}\" endDate=\"{end}\" average=\"{110 + i % 20}\" minimum=\"70\" "
                        + $"maximum=\"165\" unit=\"count/min\"/>\n </Workout>\n"
                );
            }
        }
        writer.Write("</HealthData>\n");
    }
}

/// <summary>
/// `backsignal bench read FILE` (hidden): reads one export and prints time and peak working set as JSON.
/// </summary>
public sealed class BenchReadCommand : Command<BenchReadCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        public string File { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        using var self = Process.GetCurrentProcess();
        var startup = self.WorkingSet64;
        var clock = Stopwatch.StartNew();
        ImportResult? result = null;
        string? refused = null;
        try
        {
            result = ExportReader.ReadFile(s.File, BenchImportCommand.Context(s.File));
        }
        catch (ImportException e)
        {
            refused = e.Reason;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        Console.Out.WriteLine(
            JsonSerializer.Serialize(
                new
                {
                    workouts = result?.Workouts.Count ?? 0,
                    sets = result?.Sets ?? 0,
                    rejected = result?.RejectedCount ?? 0,
                    warnings = result?.WarningCount ?? 0,
                    outcome = refused is not null ? $"refused: {refused}"
                    : result!.Rejected.FirstOrDefault()?.Reason is { } reason ? $"rejected: {reason}"
                    : "read",
                    seconds = Math.Round(seconds, 3),
                    startupWorkingSetMb = Math.Round(startup / 1048576.0, 1),
                    peakWorkingSetMb = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1),
                },
                new JsonSerializerOptions(JsonSerializerDefaults.Web)
            )
        );
        return 0;
    }
}

/// <summary>
/// `backsignal bench metrics`: the metrics engine in memory — a full recomputation of ten years of daily training
/// for one athlete, and the incremental recompute after one new workout (from the stored state of the day before)
/// — time per call and bytes allocated per call, best of several runs.
/// </summary>
public sealed class BenchMetricsCommand : Command<BenchMetricsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--years <N>")]
        [Description("Years of daily workouts. Default: 10")]
        public int Years { get; init; } = 10;

        [CommandOption("--out <FILE>")]
        [Description("Where the JSON figures go. Default: bench-metrics.json")]
        public string Out { get; init; } = "bench-metrics.json";
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var options = new Core.Metrics.MetricsOptions();
        var profile = new Core.Model.AthleteProfile
        {
            AthleteId = "bench",
            Email = "bench@localhost",
            TimeZone = "Europe/Berlin",
            BodyMassKg = 80,
        };
        var last = new DateOnly(2026, 11, 20);
        var first = last.AddYears(-s.Years).AddDays(1);
        string[] exercises =
        [
            "Deadlift (Barbell)",
            "Squat (Barbell)",
            "Bench Press (Barbell)",
            "Bent Over Row (Barbell)",
            "Overhead Press (Barbell)",
        ];
        var workouts = new List<Core.Model.WorkoutSummary>();
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            var n = d.DayNumber;
            workouts.Add(
                new Core.Model.WorkoutSummary
                {
                    AthleteId = "bench",
                    Start = new DateTimeOffset(d.ToDateTime(new TimeOnly(18, 0)), TimeSpan.FromHours(1)),
                    DurationMin = 45 + n % 40,
                    SessionRpe = 5 + n % 4,
                    Title = "Day",
                    Sets =
                    [
                        .. Enumerable
                            .Range(0, 20)
                            .Select(i => new Core.Model.WorkoutSet
                            {
                                Exercise = exercises[(n + i / 4) % 5],
                                SetIndex = i % 4 + 1,
                                WeightKg = 60 + n % 30 + i,
                                Reps = 5 + i % 3,
                            }),
                    ],
                }
            );
        }
        var byDay = workouts.ToLookup(w => profile.LocalDate(w.Start));
        var days = last.DayNumber - first.DayNumber + 1;

        (double Ms, long Bytes) Measure(Action action, int runs)
        {
            action();
            var best = double.MaxValue;
            long bytes = long.MaxValue;
            for (var i = 0; i < runs; i++)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                action();
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
                bytes = Math.Min(bytes, GC.GetAllocatedBytesForCurrentThread() - allocated);
            }
            return (best, bytes);
        }

        IReadOnlyList<Core.Metrics.ComputedDay> full = [];
        var fullRun = Measure(
            () =>
                full = Core.Metrics.DaySeries.Compute(
                    [],
                    Core.Metrics.DaySeries.Rollups(first, last, byDay, profile, options),
                    null,
                    options
                ),
            5
        );

        // Incremental: the stored state of yesterday and the look-back days, then today's rollup alone.
        var lookback = Math.Max(Core.Metrics.LoadSeries.WindowDays(options), options.StrengthLookbackDays);
        var before = Core.Metrics.LoadSeries.StateAfter(
            full.Take(full.Count - 1).Select(c => c.Metrics).ToList(),
            options
        );
        var history = full.Skip(full.Count - 1 - lookback).Take(lookback).Select(c => c.Day).ToList();
        var incrementalRun = Measure(
            () =>
                Core.Metrics.DaySeries.Compute(
                    history,
                    Core.Metrics.DaySeries.Rollups(last, last, byDay, profile, options),
                    before,
                    options
                ),
            200
        );
        var check = Core.Metrics.DaySeries.Compute(
            history,
            Core.Metrics.DaySeries.Rollups(last, last, byDay, profile, options),
            before,
            options
        )[0];

        var figures = new
        {
            days,
            workouts = workouts.Count,
            setsPerWorkout = 20,
            fullRecompute = new
            {
                milliseconds = Math.Round(fullRun.Ms, 2),
                allocatedMb = Math.Round(fullRun.Bytes / 1048576.0, 2),
                microsecondsPerDay = Math.Round(fullRun.Ms * 1000 / days, 2),
            },
            incrementalRecompute = new
            {
                milliseconds = Math.Round(incrementalRun.Ms, 4),
                allocatedKb = Math.Round(incrementalRun.Bytes / 1024.0, 1),
                historyDays = history.Count,
            },
            incrementalEqualsFull = check.Metrics == full[^1].Metrics,
            storageTransactionsPerWorkoutOfToday = new
            {
                intake = 2,
                recompute = 6,
                note = "counted by Tests/Pipeline/TransactionCountTests with a pipeline policy on the real clients "
                    + "against Azurite",
            },
        };
        var json = JsonSerializer.Serialize(
            figures,
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }
        );
        File.WriteAllText(s.Out, json);
        AnsiConsole.WriteLine(json);
        return figures.incrementalEqualsFull ? 0 : 1;
    }
}

/// <summary>
/// `backsignal bench fit`: decoding time of a generated FIT activity file of about 10 MB (1-second records).
/// </summary>
public sealed class BenchFitCommand : Command<BenchFitCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--mb <MB>")]
        [Description("Size of the generated file. Default: 10")]
        public int Megabytes { get; init; } = 10;

        [CommandOption("--out <FILE>")]
        [Description("Where the JSON figures go. Default: bench-fit.json")]
        public string Out { get; init; } = "bench-fit.json";
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var file = Generate(s.Megabytes << 20);
        FitReader.Decode(file, "warm-up.fit");
        var runs = new List<double>();
        FitActivity? activity = null;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            activity = FitReader.Decode(file, "bench.fit");
            runs.Add(clock.Elapsed.TotalMilliseconds);
        }
        var figures = new
        {
            bytes = file.Length,
            records = (file.Length - 16) / 25,
            sessions = activity!.Sessions.Count,
            bestMilliseconds = Math.Round(runs.Min(), 1),
            medianMilliseconds = Math.Round(runs.Order().ElementAt(2), 1),
            megabytesPerSecond = Math.Round(file.Length / 1e6 / (runs.Min() / 1000), 1),
        };
        var json = JsonSerializer.Serialize(
            figures,
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }
        );
        File.WriteAllText(s.Out, json);
        AnsiConsole.WriteLine(json);
        return 0;
    }

    /// <summary>
    /// A running activity: one definition, 1-second `record` messages (timestamp, heart rate, distance, speed,
    /// cadence, altitude…), a session.
    /// </summary>
    private static byte[] Generate(int bytes)
    {
        const byte u8 = FitWriter.UInt8,
            u16 = FitWriter.UInt16,
            u32 = FitWriter.UInt32;
        var fit = new FitWriter().Define(
            0,
            20,
            [
                (253, 4, u32),
                (3, 1, u8),
                (5, 4, u32),
                (6, 2, u16),
                (4, 1, u8),
                (2, 2, u16),
                (7, 2, u16),
                (13, 1, 0x01),
                (0, 4, 0x85),
            ]
        );
        var start = 1_100_000_000u;
        var t = start;
        for (var size = 14L; size < bytes - 64; size += 25, t++)
            fit.Data(
                0,
                (ulong)t,
                (ulong)(120 + t % 40),
                (ulong)(t - start) * 300,
                3000UL,
                85UL,
                2500UL,
                200UL,
                20UL,
                540_000_000UL
            );
        return fit.Define(
                1,
                18,
                [(253, 4, u32), (2, 4, u32), (5, 1, FitWriter.Enum), (7, 4, u32), (8, 4, u32), (16, 1, u8), (17, 1, u8)]
            )
            .Data(1, (ulong)t, (ulong)start, 1UL, (t - start) * 1000UL, (t - start) * 1000UL, 140UL, 175UL)
            .ToArray();
    }
}
