namespace BackSignal.Tests.Infrastructure;

/// <summary>
/// The real exports in ../shared/samples, read in place (never copied into the repository): the second,
/// real-data test layer. Where the folder is missing (a clone with nothing beside it) those tests are reported
/// as skipped, by name and with this reason; `.ci/run` fails when any is skipped, since CI has the folder.
/// </summary>
public static class Samples
{
    public static bool Available => Directory.Exists(Path());

    public static string MissingReason =>
        $"Real-data layer not run: {Path()} does not exist (the real exports sit beside the repository in ../shared).";

    public static string Path(params string[] parts) =>
        System.IO.Path.GetFullPath(
            System.IO.Path.Combine([DevHost.RepositoryRoot.Find(), "..", "shared", "samples", .. parts])
        );

    public static string StrongBreinsp => Path("strong", "strong_breinsp-strong-charts_comma-24h.csv");
    public static string StrongHarrig12 => Path("strong", "strong_harrig12_min-duration.csv");
    public static string StrongWorkoutConverter => Path("strong", "strong_workout-converter_12h-nnbsp.csv");
    public static string HevyConnect => Path("hevy", "hevy_HevyConnect_workouts_kg.csv");
    public static string HevyWorkoutConverter => Path("hevy", "hevy_workout-converter_test.csv");
    public static string Garmin => Path("garmin_connect_csv", "Activities_Recovance_en.csv");
    public static string Strava => Path("strava_bulk", "activities_JoBoSo_first120.csv");
    public static string AppleHealth => Path("apple_health", "export_dogsheep_legacy-attrs.xml");
}

/// <summary>
/// A fact over the real exports of ../shared/samples: skipped, with its reason, where they are missing.
/// </summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (!Samples.Available)
            Skip = Samples.MissingReason;
    }
}

/// <summary>
/// A theory over the real exports of ../shared/samples: skipped, with its reason, where they are missing.
/// </summary>
public sealed class RealDataTheoryAttribute : TheoryAttribute
{
    public RealDataTheoryAttribute()
    {
        if (!Samples.Available)
            Skip = Samples.MissingReason;
    }
}

/// <summary>A temporary folder for generated files, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("backsignal-test-").FullName;

    public string File(string name, string content)
    {
        var path = System.IO.Path.Combine(Root, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string File(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Root, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public string PathOf(string name) => System.IO.Path.Combine(Root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException) { }
    }
}

/// <summary>A table row as comparable text: every property but the partition, the timestamp and the ETag.</summary>
public static class RowValues
{
    public static List<string> Of(IReadOnlyList<Azure.Data.Tables.TableEntity> rows) =>
        rows.Select(r =>
                string.Join(
                    ";",
                    r.Where(p => p.Key is not ("Timestamp" or "odata.etag" or "PartitionKey"))
                        .OrderBy(p => p.Key)
                        .Select(p => $"{p.Key}={p.Value}")
                )
            )
            .ToList();
}

/// <summary>
/// Runs the built `backsignal` as a user would: its own process, optional environment, stdout and stderr kept apart.
/// </summary>
public static class Backsignal
{
    /// <summary>The CLI's own build output (Tests builds it first but does not reference it).</summary>
    public static string CliPath { get; } =
        System.IO.Path.GetFullPath(
            typeof(Backsignal)
                .Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
                .Cast<System.Reflection.AssemblyMetadataAttribute>()
                .Single(a => a.Key == "CliPath")
                .Value!
        );

    public static (int Exit, string Out, string Err) Run(
        IReadOnlyDictionary<string, string>? environment,
        params string[] args
    ) => RunWithInput(environment, null, args);

    /// <summary>The CLI with <paramref name="input"/> typed on its standard input (a key kept out of the args).
    /// </summary>
    public static (int Exit, string Out, string Err) RunWithInput(
        IReadOnlyDictionary<string, string>? environment,
        string? input,
        params string[] args
    ) => RunWithin(environment, input, null, args);

    /// <param name="timeout">How long it may take (a minute unless said).</param>
    public static (int Exit, string Out, string Err) RunWithin(
        IReadOnlyDictionary<string, string>? environment,
        string? input,
        TimeSpan? timeout,
        params string[] args
    )
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliPath);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(1)))
        {
            // Not left running: a stray demo would hold the ports of the next one.
            process.Kill(entireProcessTree: true);
            Assert.Fail($"backsignal did not finish within {(timeout ?? TimeSpan.FromMinutes(1)).TotalSeconds:0} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
