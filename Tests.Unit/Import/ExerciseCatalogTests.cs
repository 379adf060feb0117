using System.Globalization;
using BackSignal.Core.Import;
using BackSignal.Core.Model;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Import;

public class ExerciseCatalogTests
{
    private static readonly ExerciseCatalog Catalog = ExerciseCatalog.Default;

    [Fact]
    public void The_catalog_lists_at_least_150_exercises()
    {
        Assert.True(Catalog.Count >= 150, $"only {Catalog.Count}");
    }

    [Theory]
    [InlineData("Deadlift (Barbell)", MovementPattern.Hinge, 1.0)]
    [InlineData("Squat (Barbell)", MovementPattern.Squat, 0.8)]
    [InlineData("Bent Over Row (Barbell)", MovementPattern.Row, 0.5)]
    [InlineData("Overhead Press (Barbell)", MovementPattern.Press, 0.3)]
    [InlineData("Leg Press", MovementPattern.Squat, 0.0)]
    [InlineData("Farmers Walk", MovementPattern.Carry, 0.6)]
    [InlineData("  deadlift   (barbell) ", MovementPattern.Hinge, 1.0)]
    public void Listed_names_match_by_name_whatever_the_case_and_spacing(
        string name,
        MovementPattern pattern,
        double factor
    )
    {
        var info = Catalog.Find(name)!;
        Assert.Equal("name", info.Matched);
        Assert.Equal(pattern, info.Pattern);
        Assert.Equal(factor, info.SpineFactor);
    }

    [Theory]
    [InlineData("Paused RDL (Barbell)", MovementPattern.Hinge, 1.0)]
    [InlineData("Kettlebell Swing Heavy", MovementPattern.Hinge, 0.3)]
    [InlineData("Good Morning (Safety Bar)", MovementPattern.Hinge, 1.0)]
    [InlineData("Anderson Squat (Barbell)", MovementPattern.Squat, 0.8)]
    [InlineData("Reverse Lunge (Kettlebell)", MovementPattern.Lunge, 0.4)]
    [InlineData("Cable Row Close Grip", MovementPattern.Row, 0.0)]
    public void Unlisted_names_fall_back_to_keywords(string name, MovementPattern pattern, double factor)
    {
        var info = Catalog.Find(name)!;
        Assert.Equal("keyword", info.Matched);
        Assert.Equal(pattern, info.Pattern);
        Assert.Equal(factor, info.SpineFactor);
    }

    [Fact]
    public void A_name_neither_matches_is_unknown()
    {
        Assert.Null(Catalog.Find("Zercher Carry Thing Zzz".Replace("Carry", "Hold", StringComparison.Ordinal)));
    }

    [RealDataFact]
    public void Every_exercise_of_the_real_strong_export_is_known()
    {
        var path = Infrastructure.Samples.StrongBreinsp;
        using var reader = new StreamReader(path);
        using var csv = new CsvHelper.CsvReader(reader, CultureInfo.InvariantCulture);
        var names = csv.GetRecords<dynamic>()
            .Select(r => (string)((IDictionary<string, object>)r)["Exercise Name"])
            .Distinct()
            .ToList();

        Assert.Equal(72, names.Count);
        Assert.DoesNotContain(names, n => Catalog.Find(n) is null);
    }

    [Fact]
    public void Every_exercise_the_generators_write_is_known()
    {
        var names = new[]
        {
            Infrastructure.Fixtures.StrongYear,
            Infrastructure.Fixtures.Hevy,
            Infrastructure.Fixtures.StrongCurrent,
        }
            .SelectMany(f =>
                BackSignal
                    .Core.Import.ExportReader.ReadFile(f, new BackSignal.Core.Import.ImportContext { FileName = "x" })
                    .Workouts.SelectMany(w => w.Sets)
                    .Select(s => s.Exercise)
            )
            .Distinct()
            .ToList();

        Assert.True(names.Count >= 12);
        Assert.DoesNotContain(names, n => Catalog.Find(n) is null);
    }
}
