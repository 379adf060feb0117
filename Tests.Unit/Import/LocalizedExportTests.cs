using BackSignal.Core.Import;
using BackSignal.Core.Model;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Import;

/// <summary>
/// Exports of apps set to other languages read exactly as their English twins (docs/languages.md#exports): Garmin
/// Connect's Activities.csv in eight languages, Hevy with localized month names and decimal commas, Strong with
/// decimal commas — every file written by the project's own code.
/// </summary>
public class LocalizedExportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> GarminLanguages() => [.. LocalizedExports.GarminLanguages];

    public static TheoryData<string> AppLanguages() => ["de", "fr", "es", "it", "nl", "pt", "sv", "da"];

    [Theory]
    [MemberData(nameof(GarminLanguages))]
    public void A_Garmin_export_in_each_language_reads_exactly_as_the_English_one(string language)
    {
        using var temp = new TempFolder();
        var path = temp.PathOf($"Activities-{language}.csv");
        var contents = LocalizedExports.GarminActivities(path, language);
        var localized = Read(path);
        var english = Read(Fixtures.Garmin);

        Assert.Equal([ExportFormat.GarminActivities], localized.Formats);
        Assert.Empty(localized.Rejected);
        Assert.Empty(localized.Warnings);
        Assert.Equal(contents.Workouts, localized.Workouts.Count);
        Assert.Equal(Summaries(english), Summaries(localized));
        Assert.Equal(2, localized.Workouts.Count(w => w.Sport == "strength"));
        Assert.Contains(localized.Workouts, w => w is { TotalReps: 120, TotalSets: 20, AvgHr: 115 });
    }

    [Theory]
    [MemberData(nameof(AppLanguages))]
    public void A_Hevy_export_with_month_names_and_decimal_commas_reads_exactly_as_the_English_one(string language)
    {
        using var temp = new TempFolder();
        var path = temp.PathOf($"hevy-{language}.csv");
        LocalizedExports.Hevy(Fixtures.Hevy, path, language);
        Assert.NotEqual(File.ReadAllText(Fixtures.Hevy), File.ReadAllText(path));

        var localized = Read(path);
        Assert.Empty(localized.Rejected);
        Assert.Empty(localized.Warnings);
        Assert.Equal(Sets(Read(Fixtures.Hevy)), Sets(localized));
        Assert.Equal(Fixtures.HevyContents.Workouts, localized.Workouts.Count);
    }

    [Fact]
    public void A_Strong_export_with_decimal_commas_reads_exactly_as_the_English_one()
    {
        using var temp = new TempFolder();
        var path = temp.PathOf("strong-comma.csv");
        LocalizedExports.Strong(Fixtures.StrongYear, path);
        Assert.Contains(",5\"", File.ReadAllText(path));

        var localized = Read(path);
        Assert.Empty(localized.Rejected);
        Assert.Equal(Sets(Read(Fixtures.StrongYear)), Sets(localized));
    }

    [Theory]
    [InlineData("3. Feb. 2025, 18:01", 2, 3)]
    [InlineData("3 févr. 2025, 18:01", 2, 3)]
    [InlineData("22 de ago. de 2025, 18:01", 8, 22)]
    [InlineData("22 août 2025 18:01", 8, 22)]
    [InlineData("1 mrt 2025, 18:01", 3, 1)]
    [InlineData("22.08.2025, 18:01", 8, 22)]
    [InlineData("22/08/2025 18:01:30", 8, 22)]
    public void Localized_dates_read_their_month_and_day(string text, int month, int day)
    {
        Assert.True(Values.TryLocalizedDate(text, out var local));
        Assert.Equal((2025, month, day, 18, 1), (local.Year, local.Month, local.Day, local.Hour, local.Minute));
    }

    [Theory]
    [InlineData("31 foo 2025, 18:01")]
    [InlineData("31.02.2025, 18:01")]
    [InlineData("3 Feb 2025, 25:01")]
    public void A_date_that_is_not_one_is_refused(string text) => Assert.False(Values.TryLocalizedDate(text, out _));

    [Theory]
    [InlineData("1,721", 1721)]
    [InlineData("1.721", 1721)]
    [InlineData("139,5", 139.5)]
    [InlineData("139.5", 139.5)]
    [InlineData("120", 120)]
    public void Counts_of_localized_exports_read_either_mark(string text, double expected)
    {
        Assert.True(Values.TryLocalizedCount(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("102,5", 102.5)]
    [InlineData("102.5", 102.5)]
    [InlineData("1,025", 1025)]
    [InlineData("1,234.5", 1234.5)]
    public void Weights_read_a_decimal_comma_and_English_thousands(string text, double expected)
    {
        Assert.True(Values.TryDecimalEitherMark(text, out var value));
        Assert.Equal(expected, value);
    }

    private static IEnumerable<string> Summaries(ImportResult result) =>
        result
            .Workouts.OrderBy(w => w.Start)
            .Select(w =>
                $"{w.Start:O} {w.DurationMin:0.##} {w.Sport} {w.Title} {w.AvgHr} {w.MaxHr} {w.TotalReps} {w.TotalSets}"
            );

    private static IEnumerable<string> Sets(ImportResult result) =>
        result
            .Workouts.OrderBy(w => w.Start)
            .SelectMany(w =>
                w.Sets.Select(s =>
                    $"{w.Start:O} {w.DurationMin:0.##} {s.Exercise} {s.Kind} {s.WeightKg} {s.Reps} {s.Rpe}"
                )
            );

    private static ImportResult Read(string path) =>
        ExportReader.ReadFile(
            path,
            new ImportContext
            {
                FileName = Path.GetFileName(path),
                AthleteId = "ana",
                TimeZone = TimeZones.Resolve("Europe/Berlin"),
                Now = Now,
            }
        );
}
