using BackSignal.Core.Import;
using BackSignal.Core.Model;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Import;

/// <summary>Every real export in ../shared/samples imports with the counts and values checked by hand.</summary>
public class SampleExportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Berlin = TimeZones.Resolve("Europe/Berlin");

    private static ImportResult Read(string path, string unit = "kg", TimeZoneInfo? zone = null) => ExportReader.ReadFile(path, new ImportContext
    {
        FileName = Path.GetFileName(path),
        AthleteId = "ana",
        WeightUnit = unit,
        TimeZone = zone ?? Berlin,
        Now = Now,
    });

    [Theory]
    [InlineData("strong/strong_breinsp-strong-charts_comma-24h.csv", ExportFormat.Strong, 129, 2078)]
    [InlineData("strong/strong_harrig12_min-duration.csv", ExportFormat.Strong, 4, 48)]
    [InlineData("strong/strong_workout-converter_12h-nnbsp.csv", ExportFormat.Strong, 2, 12)]
    [InlineData("hevy/hevy_HevyConnect_workouts_kg.csv", ExportFormat.Hevy, 80, 1922)]
    [InlineData("hevy/hevy_workout-converter_test.csv", ExportFormat.Hevy, 2, 12)]
    [InlineData("garmin_connect_csv/Activities_Recovance_en.csv", ExportFormat.GarminActivities, 47, 0)]
    [InlineData("strava_bulk/activities_JoBoSo_first120.csv", ExportFormat.StravaActivities, 120, 0)]
    [InlineData("apple_health/export_dogsheep_legacy-attrs.xml", ExportFormat.AppleHealth, 1, 0)]
    public void Each_sample_imports_completely_with_no_rejections(string sample, ExportFormat format, int workouts, int sets)
    {
        var result = Read(Samples.Path(sample.Split('/')));

        Assert.Equal([format], result.Formats);
        Assert.Empty(result.Rejected);
        Assert.Equal(workouts, result.Workouts.Count);
        Assert.Equal(sets, result.Sets);
        Assert.All(result.Workouts, w => Assert.Equal("ana", w.AthleteId));
    }

    [Fact]
    public void Strong_breinsp_has_the_hand_checked_values()
    {
        var result = Read(Samples.StrongBreinsp);

        var first = result.Workouts[0];
        Assert.Equal("Mittwoch", first.Title);
        // 16:46:13 in Berlin in February is CET, UTC+1.
        Assert.Equal(new DateTimeOffset(2021, 2, 10, 16, 46, 13, TimeSpan.FromHours(1)), first.Start);
        Assert.Equal(138, first.DurationMin);
        Assert.Equal(18, first.Sets.Count);
        Assert.Equal(6570.0, first.Sets.Sum(s => s.WeightKg!.Value * s.Reps!.Value), 6);
        Assert.Equal(107, result.Workouts.SelectMany(w => w.Sets).Count(s => s.Exercise == "Deadlift (Barbell)"));
        Assert.Equal(46, result.Workouts.SelectMany(w => w.Sets).Count(s => s.Exercise == "Squat (Barbell)"));
        Assert.Equal(72, result.Workouts.SelectMany(w => w.Sets).Select(s => s.Exercise).Distinct().Count());
    }

    [Fact]
    public void Strong_without_a_unit_column_takes_the_athletes_unit()
    {
        var kg = Read(Samples.StrongHarrig12, "kg").Workouts[0].Sets[0];
        var lb = Read(Samples.StrongHarrig12, "lb").Workouts[0].Sets[0];

        Assert.Equal(45.0, kg.WeightKg);
        Assert.Equal(Math.Round(45 * 0.45359237, 3), lb.WeightKg);
        Assert.Equal(38, Read(Samples.StrongHarrig12).Workouts[0].DurationMin);
    }

    [Fact]
    public void Strong_12_hour_dates_with_a_narrow_no_break_space_are_read()
    {
        var result = Read(Samples.StrongWorkoutConverter, zone: TimeZoneInfo.Utc);

        // "2025-01-29 5:30:00 pm" (single-digit hour) and "2025-01-30 12:34:56 pm" (noon hour).
        Assert.Equal(new DateTimeOffset(2025, 1, 29, 17, 30, 0, TimeSpan.Zero), result.Workouts[0].Start);
        Assert.Equal(new DateTimeOffset(2025, 1, 30, 12, 34, 56, TimeSpan.Zero), result.Workouts[1].Start);
        Assert.Equal(49, result.Workouts[1].DurationMin);
    }

    [Fact]
    public void Hevy_counts_sets_from_one_marks_warmups_and_takes_the_duration_from_start_and_end()
    {
        var result = Read(Samples.HevyConnect);

        var weekendLong = result.Workouts.Single(w => w.Title == "Weekend Long" && w.Start.Day == 5);
        Assert.Equal(new DateTimeOffset(2025, 12, 5, 11, 37, 0, TimeSpan.FromHours(1)), weekendLong.Start);
        Assert.Equal(78, weekendLong.DurationMin);
        Assert.Equal(1, weekendLong.Sets[0].SetIndex);
        Assert.Null(weekendLong.Sets[0].WeightKg);
        Assert.Equal(7, weekendLong.Sets[0].Reps);
        Assert.Equal(20, result.Workouts.SelectMany(w => w.Sets).Count(s => s.Kind == "warmup"));
    }

    [Fact]
    public void Garmin_keeps_heart_rate_and_reads_both_time_spellings()
    {
        var result = Read(Samples.Garmin);

        var strength = result.Workouts.Where(w => w.Sport == "strength").OrderBy(w => w.Start).ToList();
        Assert.Equal(5, strength.Count);
        var short3 = strength.Single(w => w.Start.Date == new DateTime(2024, 11, 5));
        Assert.InRange(short3.DurationMin, 3.36, 3.37); // 00:03:21.9 = 3.365 min
        Assert.Equal(57, short3.AvgHr);
        var last = strength[^1];
        Assert.Equal(51.12, last.DurationMin, 2); // 00:51:07
        Assert.Equal(115, last.AvgHr);
        Assert.Equal(39, result.Workouts.Count(w => w.Sport == "cycling"));
        Assert.Equal(3, result.Workouts.Count(w => w.Sport == "rowing"));
    }

    [Fact]
    public void Strava_dates_are_utc_and_the_first_elapsed_time_is_seconds()
    {
        var result = Read(Samples.Strava);

        var first = result.Workouts.Single(w => w.SourceId == "203707851");
        Assert.Equal(new DateTimeOffset(2014, 10, 5, 16, 15, 21, TimeSpan.Zero), first.Start);
        Assert.Equal(47.22, first.DurationMin, 2);
        Assert.Equal("cycling", first.Sport);
        Assert.Equal(4, result.Workouts.Count(w => w.Sport == "running"));
    }

    [Fact]
    public void Apple_health_legacy_layout_reads_the_workout_and_skips_records()
    {
        var result = Read(Samples.AppleHealth);

        var run = Assert.Single(result.Workouts);
        Assert.Equal("running", run.Sport);
        Assert.Equal(new DateTimeOffset(2016, 11, 14, 7, 25, 41, TimeSpan.FromHours(-7)), run.Start);
        Assert.Equal(5.19, run.DurationMin, 2);
        Assert.Equal("apple-health", run.Source);
    }

    [Fact]
    public void Importing_the_same_file_twice_gives_the_same_workout_ids()
    {
        var first = Read(Samples.StrongBreinsp).Workouts.Select(w => w.WorkoutId).ToList();
        var second = Read(Samples.StrongBreinsp).Workouts.Select(w => w.WorkoutId).ToList();

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct().Count());
    }
}
