using System.IO.Compression;
using System.Text;
using System.Text.Json;
using BackSignal.DevHost;

namespace BackSignal.Bench;

/// <summary>
/// The worst-case inputs a security review found, generated for `bench import`: each is read in a fresh process
/// (so its peak working set is the read's own) and reported with time, peak memory and outcome.
/// </summary>
internal static class HostileInputs
{
    private const string StrongHeader = DevHost.GeneratedExports.StrongHeader;

    public static Dictionary<string, JsonElement> Measure(string folder, Func<string[], string> runChild)
    {
        var results = new Dictionary<string, JsonElement>();
        foreach (var (name, write) in Cases())
        {
            var path = Path.Combine(folder, name);
            write(path);
            var figures = JsonDocument.Parse(runChild(["bench", "read", path])).RootElement.Clone();
            results[name] = figures;
            File.Delete(path);
        }
        return results;
    }

    private static IEnumerable<(string Name, Action<string> Write)> Cases()
    {
        // 1,000 rows whose Duration is "1h", 4,000 spaces and "x": 33 s each with the old regular expression.
        yield return (
            "duration-backtracking.csv",
            path =>
                File.WriteAllText(
                    path,
                    StrongHeader
                        + "\n"
                        + string.Concat(
                            Enumerable
                                .Range(0, 1_000)
                                .Select(i =>
                                    $"2021-02-10 16:46:{i % 60:00},W{i},"
                                    + $"\"1h{new string(' ', 4_000)}x\",Deadlift (Barbell),1,100,5,,,,,\n"
                                )
                        )
                )
        );
        // 40 KB: 4,000 sessions and 2,000 untimed sets (once 8 million sets, 1.16 GB).
        yield return ("fit-4000-sessions-2000-sets.fit", path => File.WriteAllBytes(path, MultipliedFit()));
        // 40,000 W/D/F rows of one workout (numbering them once rescanned the workout per row).
        yield return (
            "strong-40000-warmup-rows.csv",
            path =>
                File.WriteAllText(
                    path,
                    StrongHeader
                        + "\n"
                        + string.Concat(
                            Enumerable.Repeat("2021-02-10 16:46:13,A,1h,Deadlift (Barbell),W,60,5,,,,,\n", 40_000)
                        )
                )
        );
        // A 100 MB quoted field of short lines (491 MB before MaxFieldSize).
        yield return (
            "csv-100mb-quoted-field.csv",
            path =>
            {
                using var writer = new StreamWriter(path);
                writer.Write(StrongHeader + "\n2021-02-10 16:46:13,A,1h,Deadlift (Barbell),1,100,5,,,\"");
                var line = new string('a', 60) + "\n";
                for (var i = 0; i < (100 << 20) / line.Length; i++)
                    writer.Write(line);
                writer.Write("\",,\n");
            }
        );
        // One 100 MB XML attribute (2.0 GB in XmlReader).
        yield return (
            "xml-100mb-attribute.xml",
            path =>
            {
                using var writer = new StreamWriter(path);
                writer.Write("<?xml version=\"1.0\"?>\n<HealthData>\n<Workout workoutActivityType=\"");
                var chunk = new string('x', 1 << 20);
                for (var i = 0; i < 100; i++)
                    writer.Write(chunk);
                writer.Write("\" duration=\"1\"/>\n</HealthData>\n");
            }
        );
        // A zip of 300,000 empty entries (222 MB before the entry count was checked).
        yield return (
            "zip-300000-entries.zip",
            path =>
            {
                using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
                for (var i = 0; i < 300_000; i++)
                    zip.CreateEntry($"e{i}", CompressionLevel.NoCompression);
            }
        );
    }

    private static byte[] MultipliedFit()
    {
        // set (225): repetitions, weight, set_type = active; no time at all.
        var fit = new FitWriter().Define(
            0,
            225,
            [(3, 2, FitWriter.UInt16), (4, 2, FitWriter.UInt16), (5, 1, FitWriter.UInt8)]
        );
        for (var i = 0; i < 2_000; i++)
            fit.Data(0, 5UL, 1_600UL, 1UL);
        // session (18): timestamp, start_time, sport = training, total timer time.
        fit.Define(
            1,
            18,
            [(253, 4, FitWriter.UInt32), (2, 4, FitWriter.UInt32), (5, 1, FitWriter.Enum), (8, 4, FitWriter.UInt32)]
        );
        const uint start = 1_100_000_000;
        for (var i = 0; i < 4_000; i++)
            fit.Data(1, (ulong)start + 60, (ulong)start, 10UL, 60_000UL);
        return fit.ToArray();
    }
}
