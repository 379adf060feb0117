using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using BackSignal.Core.Import;
using BackSignal.DevHost;
using CsvHelper;
using CsvHelper.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Bench;

/// <summary>
/// `bench import`: how fast the importers are and how much memory they hold, on the real Strong
/// sample, a generated Strong file of a million rows (against a bare CsvHelper pass over the same file that only
/// reads the fields), and a generated Apple Health export.xml of hundreds of MB (wall time and peak working set).
/// Prints the figures and writes them as JSON for comparing runs.
/// </summary>
public sealed class ImportCommand : Command<ImportCommand.Settings>
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
            LargeExports.AppleHealth(apple, (long)s.AppleMegabytes << 20);
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
            // The same export as the phone shares it: export.zip holding apple_health_export/export.xml.
            var zip = Path.Combine(folder, "export.zip");
            using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
                archive.CreateEntryFromFile(apple, "apple_health_export/export.xml", CompressionLevel.Fastest);
            File.Delete(apple);
            var zipped = JsonDocument.Parse(RunChild("bench", "read", zip)).RootElement;
            figures["appleHealthZip"] = new
            {
                bytes = new FileInfo(zip).Length,
                uncompressedBytes = appleBytes,
                workouts = zipped.GetProperty("workouts").GetInt32(),
                seconds = zipped.GetProperty("seconds").GetDouble(),
                peakWorkingSetMb = zipped.GetProperty("peakWorkingSetMb").GetDouble(),
                startupWorkingSetMb = zipped.GetProperty("startupWorkingSetMb").GetDouble(),
            };
            File.Delete(zip);
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
            LargeExports.Strong(strong, s.Rows);
            figures["strongGenerated"] = AgainstBarePass(strong, s.Rows);
            figures["worstCases"] = HostileInputs.Measure(folder, RunChild);
            // The same for Hevy: its own generated file against the same bare pass over it.
            var hevy = Path.Combine(folder, "hevy.csv");
            LargeExports.Hevy(hevy, s.Rows);
            figures["hevyGenerated"] = AgainstBarePass(hevy, s.Rows);

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
            start.ArgumentList.Add(typeof(ImportCommand).Assembly.Location);
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

    /// <summary>
    /// A generated CSV export read by BackSignal against a bare CsvHelper pass over the same file: best of nine of
    /// each, alternating, so that both see the same machine (a pass takes half a second; with three, then five, the
    /// ratio still moved by a tenth between runs on this 2-core virtual machine, whose speed drifts within minutes).
    /// </summary>
    private static object AgainstBarePass(string path, int rows)
    {
        var clock = new Stopwatch();
        double bare = double.MaxValue,
            ours = double.MaxValue;
        long fields = 0;
        ImportResult result = null!;
        for (var run = 0; run < 9; run++)
        {
            clock.Restart();
            fields = BareCsvPass(path);
            bare = Math.Min(bare, clock.Elapsed.TotalSeconds);
            clock.Restart();
            result = ExportReader.ReadFile(path, Context(path));
            ours = Math.Min(ours, clock.Elapsed.TotalSeconds);
        }
        return new
        {
            rows,
            bytes = new FileInfo(path).Length,
            workouts = result.Workouts.Count,
            sets = result.Sets,
            rejected = result.RejectedCount,
            seconds = Math.Round(ours, 3),
            rowsPerSecond = Math.Round(rows / ours),
            bareCsvHelperSeconds = Math.Round(bare, 3),
            bareRowsPerSecond = Math.Round(rows / bare),
            fieldsRead = fields,
            ratioToBare = Math.Round(bare / ours, 3),
        };
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
}
