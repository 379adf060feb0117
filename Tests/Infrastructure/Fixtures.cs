using BackSignal.Cli.Local;

namespace BackSignal.Tests.Infrastructure;

/// <summary>
/// The export files the behaviour tests run on, written once per test run by the project's own generators
/// (<see cref="GeneratedExports"/>), so that a clone with nothing beside it tests every format and layout.
/// </summary>
public static class Fixtures
{
    private static readonly string Root = CreateRoot();

    private static string CreateRoot()
    {
        var root = Directory.CreateTempSubdirectory("backsignal-fixtures-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        };
        return root;
    }

    private static (string Path, GeneratedExports.Contents Contents) Write(string name, Func<string, GeneratedExports.Contents> write)
    {
        var path = System.IO.Path.Combine(Root, name);
        return (path, write(path));
    }

    /// <summary>The last day of the generated Strong year: fixed, so that its figures are too.</summary>
    public static readonly DateOnly StrongYearLastDay = new(2025, 12, 19);

    private static readonly Lazy<(string, GeneratedExports.Contents)> Year =
        new(() => Write("strong-year.csv", p => GeneratedExports.StrongYear(p, StrongYearLastDay)));
    private static readonly Lazy<(string, GeneratedExports.Contents)> Small = new(() => Write("strong-small.csv", GeneratedExports.StrongSmall));
    private static readonly Lazy<(string, GeneratedExports.Contents)> Twelve = new(() => Write("strong-12h.csv", GeneratedExports.Strong12Hour));
    private static readonly Lazy<(string, GeneratedExports.Contents)> Current = new(() => Write("strong-current.csv", GeneratedExports.StrongCurrent));
    private static readonly Lazy<(string, GeneratedExports.Contents)> Pounds = new(() => Write("strong-lbs.csv", GeneratedExports.StrongPounds));
    private static readonly Lazy<(string, GeneratedExports.Contents)> HevyHistory =
        new(() => Write("hevy.csv", p => GeneratedExports.Hevy(p, new DateOnly(2025, 6, 2))));
    private static readonly Lazy<(string, GeneratedExports.Contents)> HevyShort =
        new(() => Write("hevy-short.csv", p => GeneratedExports.Hevy(p, new DateOnly(2025, 1, 27), weeks: 1)));
    private static readonly Lazy<(string, GeneratedExports.Contents)> GarminCsv = new(() => Write("Activities.csv", GeneratedExports.Garmin));
    private static readonly Lazy<(string, GeneratedExports.Contents)> StravaCsv = new(() => Write("activities.csv", GeneratedExports.Strava));
    private static readonly Lazy<(string, GeneratedExports.Contents)> Apple = new(() => Write("export.xml", GeneratedExports.AppleHealth));
    private static readonly Lazy<(string, GeneratedExports.Contents)> AppleZip = new(() => Write("export.zip", GeneratedExports.AppleHealthZip));

    /// <summary>A year of Strong history (comma layout, 24-hour dates, kg).</summary>
    public static string StrongYear => Year.Value.Item1;
    public static GeneratedExports.Contents StrongYearContents => Year.Value.Item2;
    /// <summary>4 workouts, 48 sets, "38min" durations.</summary>
    public static string StrongSmall => Small.Value.Item1;
    public static string Strong12Hour => Twelve.Value.Item1;
    public static string StrongCurrent => Current.Value.Item1;
    public static GeneratedExports.Contents StrongCurrentContents => Current.Value.Item2;
    public static string StrongPounds => Pounds.Value.Item1;
    public static GeneratedExports.Contents StrongPoundsContents => Pounds.Value.Item2;
    /// <summary>12 weeks of Hevy (kg) with warm-up, failure and drop sets.</summary>
    public static string Hevy => HevyHistory.Value.Item1;
    public static GeneratedExports.Contents HevyContents => HevyHistory.Value.Item2;
    public static string HevySmall => HevyShort.Value.Item1;
    public static string Garmin => GarminCsv.Value.Item1;
    public static string Strava => StravaCsv.Value.Item1;
    public static string AppleHealth => Apple.Value.Item1;
    public static string AppleHealthZip => AppleZip.Value.Item1;
}
