using BackSignal.Core.Import;
using BackSignal.DevHost;
using BenchmarkDotNet.Attributes;

namespace BackSignal.Bench;

/// <summary>
/// The export readers on files the project writes: a year of Strong, twelve weeks of Hevy, a Strong file of
/// 100,000 rows, and an Apple Health export (each read from disk, as an upload is).
/// </summary>
public class ParseBenchmarks
{
    private string _folder = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("backsignal-parse-").FullName;
        GeneratedExports.StrongYear(Path("strong-year.csv"), new DateOnly(2026, 11, 20));
        GeneratedExports.Hevy(Path("hevy.csv"), new DateOnly(2026, 8, 3));
        LargeExports.Strong(Path("strong-100k.csv"), 100_000);
        GeneratedExports.AppleHealth(Path("export.xml"));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public ImportResult StrongYear() => Read("strong-year.csv");

    [Benchmark]
    public ImportResult Hevy12Weeks() => Read("hevy.csv");

    [Benchmark]
    public ImportResult Strong100kRows() => Read("strong-100k.csv");

    [Benchmark]
    public ImportResult AppleHealth() => Read("export.xml");

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    private ImportResult Read(string name) =>
        ExportReader.ReadFile(
            Path(name),
            new ImportContext
            {
                FileName = name,
                AthleteId = "bench",
                Now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero),
            }
        );
}
