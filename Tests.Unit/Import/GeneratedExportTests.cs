using BackSignal.Core.Import;
using BackSignal.Core.Model;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Import;

/// <summary>
/// Every format and layout the readers handle, on files the project's own code writes (the stand-alone layer):
/// workouts, sets, Σ weight × reps and no rejected row, against what the generator wrote.
/// </summary>
public class GeneratedExportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static ImportResult Read(string path, string unit = "kg") =>
        ExportReader.ReadFile(
            path,
            new ImportContext
            {
                FileName = Path.GetFileName(path),
                AthleteId = "ana",
                WeightUnit = unit,
                TimeZone = TimeZones.Resolve("Europe/Berlin"),
                Now = Now,
            }
        );

    private static void Matches(ImportResult result, GeneratedExports.Contents expected, ExportFormat format)
    {
        Assert.Equal([format], result.Formats);
        Assert.Empty(result.Rejected);
        Assert.Equal(expected.Workouts, result.Workouts.Count);
        Assert.Equal(expected.Sets, result.Sets);
        Assert.Equal(
            expected.VolumeKg,
            result.Workouts.SelectMany(w => w.Sets).Sum(s => (s.WeightKg ?? 0) * (s.Reps ?? 0)),
            3
        );
    }

    [Fact]
    public void A_generated_year_of_strong_history_imports_whole()
    {
        var result = Read(Fixtures.StrongYear);

        Matches(result, Fixtures.StrongYearContents, ExportFormat.Strong);
        Assert.InRange(result.Workouts.Count, 130, 175);
        Assert.Contains(result.Workouts, w => w.Title == "Extra \"pump\" session");
        Assert.Contains(result.Workouts.SelectMany(w => w.Sets), s => s.Kind == SetKind.Warmup);
        Assert.Equal(Fixtures.StrongYearContents.LastDay, DateOnly.FromDateTime(result.Workouts[^1].Start.Date));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void The_current_strong_layout_skips_rest_timer_and_note_rows_and_reads_units_from_the_column_names()
    {
        var result = Read(Fixtures.StrongCurrent, unit: "lb"); // the column says kg: the profile's unit does not apply

        Matches(result, Fixtures.StrongCurrentContents, ExportFormat.Strong);
        Assert.Equal((1, 1), (result.Skipped["Strong rest-timer rows"], result.Skipped["Strong note rows"]));
        Assert.Equal(2176 / 60.0, result.Workouts[0].DurationMin, 2);
        Assert.Equal(8.5, result.Workouts[0].Sets[1].Rpe);
        Assert.Equal(40, result.Workouts[0].Sets[2].DistanceM);
    }

    [Fact]
    public void The_current_strong_set_order_words_read_as_warm_up_failure_and_drop_sets_with_no_row_rejected()
    {
        var result = Read(Fixtures.StrongWordOrders);

        Matches(result, Fixtures.StrongWordOrdersContents, ExportFormat.Strong);
        Assert.Equal(
            [
                SetKind.Warmup,
                SetKind.Warmup,
                SetKind.Normal,
                SetKind.Normal,
                SetKind.Failure,
                SetKind.Normal,
                SetKind.Dropset,
            ],
            result.Workouts[0].Sets.Select(s => s.Kind)
        );
    }

    [Fact]
    public void A_semicolon_pounds_export_with_decimal_points_drops_only_the_assistance_weight()
    {
        var result = Read(Fixtures.StrongPounds);

        Matches(result, Fixtures.StrongPoundsContents, ExportFormat.Strong);
        var sets = result.Workouts[0].Sets;
        Assert.Equal([6.5, 9.5, null], sets.Select(s => s.Rpe));
        Assert.Null(sets[1].WeightKg);
        Assert.Equal(68, result.Workouts[0].DurationMin);
    }

    [Fact]
    public void Strong_twelve_hour_dates_and_min_durations_are_read()
    {
        var twelve = Read(Fixtures.Strong12Hour);
        Assert.Equal(new DateTimeOffset(2025, 1, 29, 17, 30, 0, TimeSpan.FromHours(1)), twelve.Workouts[0].Start);
        Assert.Equal(64, twelve.Workouts[1].DurationMin);

        var small = Read(Fixtures.StrongSmall);
        Assert.Equal((4, 48), (small.Workouts.Count, small.Sets));
        Assert.All(small.Workouts, w => Assert.Equal(38, w.DurationMin));
    }

    [Fact]
    public void A_hevy_export_counts_sets_from_one_and_keeps_set_types()
    {
        var result = Read(Fixtures.Hevy);

        Matches(result, Fixtures.HevyContents, ExportFormat.Hevy);
        var sets = result.Workouts.SelectMany(w => w.Sets).ToList();
        Assert.Equal(
            [SetKind.Normal, SetKind.Warmup, SetKind.Failure, SetKind.Dropset],
            sets.Select(s => s.Kind).Distinct().Order().ToArray()
        );
        Assert.Equal(1, result.Workouts[0].Sets[0].SetIndex);
        Assert.Contains(sets, s => s.Exercise == "Push Up" && s.WeightKg is null);
    }

    [Fact]
    public void Garmin_strava_and_apple_health_summaries_are_read_with_heart_rate()
    {
        var garmin = Read(Fixtures.Garmin);
        Assert.Equal((3, 2), (garmin.Workouts.Count, garmin.Workouts.Count(w => w.Sport == "strength")));
        Assert.InRange(garmin.Workouts[0].DurationMin, 3.36, 3.37); // 00:03:21.9
        Assert.Equal(115, garmin.Workouts[^1].AvgHr);

        var strava = Read(Fixtures.Strava);
        Assert.Equal(new DateTimeOffset(2014, 10, 5, 16, 15, 21, TimeSpan.Zero), strava.Workouts[0].Start);
        Assert.Equal(7, strava.Workouts.Single(w => w.Sport == "strength").SessionRpe);

        foreach (var apple in new[] { Read(Fixtures.AppleHealth), Read(Fixtures.AppleHealthZip) })
        {
            Assert.Equal(2, apple.Workouts.Count);
            Assert.Equal((121.4, 162.0), (apple.Workouts[1].AvgHr!.Value, apple.Workouts[1].MaxHr!.Value));
            Assert.Empty(apple.Rejected);
        }
    }

    [Fact]
    public void Fit_strength_big_endian_multisport_and_damaged_files_from_the_fit_writer()
    {
        using var temp = new TempFolder();
        var start = new DateTimeOffset(2026, 11, 18, 17, 0, 0, TimeSpan.Zero);
        foreach (var bigEndian in new[] { false, true })
        {
            var result = Read(temp.File($"strength-{bigEndian}.fit", FitWriter.Strength(start, bigEndian).ToArray()));
            Assert.Equal(27, Assert.Single(result.Workouts).Sets.Count);
        }
        var damaged = FitWriter.Strength(start).ToArray();
        damaged[^5] ^= 0xFF;
        var broken = Read(temp.File("damaged.fit", damaged));
        Assert.Empty(broken.Workouts);
        Assert.Contains("CRC", Assert.Single(broken.Rejected).Reason);
    }
}
