using BackSignal.DevHost;
using Written = (string Path, BackSignal.DevHost.GeneratedExports.Contents Contents);

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
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException) { }
        };
        return root;
    }

    private static Lazy<Written> Make(string name, Func<string, GeneratedExports.Contents> write) =>
        new(() =>
        {
            var path = System.IO.Path.Combine(Root, name);
            return (path, write(path));
        });

    /// <summary>The last day of the generated Strong year: fixed, so that its figures are too.</summary>
    public static readonly DateOnly StrongYearLastDay = new(2025, 12, 19);

    private static readonly Lazy<Written> Year = Make(
        "strong-year.csv",
        p => GeneratedExports.StrongYear(p, StrongYearLastDay)
    );
    private static readonly Lazy<Written> Small = Make("strong-small.csv", GeneratedExports.StrongSmall);
    private static readonly Lazy<Written> Twelve = Make("strong-12h.csv", GeneratedExports.Strong12Hour);
    private static readonly Lazy<Written> Current = Make("strong-current.csv", GeneratedExports.StrongCurrent);
    private static readonly Lazy<Written> WordOrders = Make("strong-words.csv", GeneratedExports.StrongWordOrders);
    private static readonly Lazy<Written> Pounds = Make("strong-lbs.csv", GeneratedExports.StrongPounds);
    private static readonly Lazy<Written> HevyHistory = Make(
        "hevy.csv",
        p => GeneratedExports.Hevy(p, new DateOnly(2025, 6, 2))
    );
    private static readonly Lazy<Written> HevyShort = Make(
        "hevy-short.csv",
        p => GeneratedExports.Hevy(p, new DateOnly(2025, 1, 27), weeks: 1)
    );
    private static readonly Lazy<Written> GarminCsv = Make("Activities.csv", GeneratedExports.Garmin);
    private static readonly Lazy<Written> StravaCsv = Make("activities.csv", GeneratedExports.Strava);
    private static readonly Lazy<Written> Apple = Make("export.xml", GeneratedExports.AppleHealth);
    private static readonly Lazy<Written> AppleZip = Make("export.zip", GeneratedExports.AppleHealthZip);

    /// <summary>A year of Strong history (comma layout, 24-hour dates, kg).</summary>
    public static string StrongYear => Year.Value.Path;
    public static GeneratedExports.Contents StrongYearContents => Year.Value.Contents;

    /// <summary>4 workouts, 48 sets, "38min" durations.</summary>
    public static string StrongSmall => Small.Value.Path;
    public static string Strong12Hour => Twelve.Value.Path;
    public static string StrongCurrent => Current.Value.Path;
    public static GeneratedExports.Contents StrongCurrentContents => Current.Value.Contents;
    public static string StrongWordOrders => WordOrders.Value.Path;
    public static GeneratedExports.Contents StrongWordOrdersContents => WordOrders.Value.Contents;
    public static string StrongPounds => Pounds.Value.Path;
    public static GeneratedExports.Contents StrongPoundsContents => Pounds.Value.Contents;

    /// <summary>12 weeks of Hevy (kg) with warm-up, failure and drop sets.</summary>
    public static string Hevy => HevyHistory.Value.Path;
    public static GeneratedExports.Contents HevyContents => HevyHistory.Value.Contents;
    public static string HevySmall => HevyShort.Value.Path;
    public static string Garmin => GarminCsv.Value.Path;
    public static string Strava => StravaCsv.Value.Path;
    public static string AppleHealth => Apple.Value.Path;
    public static string AppleHealthZip => AppleZip.Value.Path;
}
