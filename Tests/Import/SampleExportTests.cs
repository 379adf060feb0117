using BackSignal.Core.Import;
using BackSignal.Core.Model;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Import;

/// <summary>
/// The real-data layer: every real export in ../shared/samples imports with the counts and values checked by hand.
/// </summary>
public class SampleExportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Berlin = TimeZones.Resolve("Europe/Berlin");

    private static ImportResult Read(string path, string unit = "kg", TimeZoneInfo? zone = null) =>
        ExportReader.ReadFile(
            path,
            new ImportContext
            {
                FileName = Path.GetFileName(path),
                AthleteId = "ana",
                WeightUnit = unit,
                TimeZone = zone ?? Berlin,
                Now = Now,
            }
        );

    /// <summary>
    /// Every CSV and XML sample: workouts, sets, Σ weight × reps in kg over every set (warm-ups included, assisted
    /// weights not: they are help, not load), and no rejected row. The figures were computed independently with
    /// Python's csv module from the files themselves.
    /// </summary>
    [RealDataTheory]
    [InlineData("strong/strong_breinsp-strong-charts_comma-24h.csv", ExportFormat.Strong, 129, 2078, 800133.0)]
    [InlineData("strong/strong_harrig12_min-duration.csv", ExportFormat.Strong, 4, 48, 23950.0)]
    [InlineData("strong/strong_workout-converter_12h-nnbsp.csv", ExportFormat.Strong, 2, 12, 6650.0)]
    [InlineData("strong/strong_AbishakeSrithar_quoted-semicolon_kg.csv", ExportFormat.Strong, 47, 868, 168452.8)]
    [InlineData("strong/strong_joshuayoes_semicolon-weightunit_lbs.csv", ExportFormat.Strong, 25, 418, 125457.877)]
    [InlineData("hevy/hevy_HevyConnect_workouts_kg.csv", ExportFormat.Hevy, 80, 1922, 464683.23)]
    [InlineData("hevy/hevy_workout-converter_test.csv", ExportFormat.Hevy, 2, 12, 6650.0)]
    [InlineData("hevy/hevy_openweight_kg_zero-padded-dates.csv", ExportFormat.Hevy, 2, 22, 16355.0)]
    [InlineData("garmin_connect_csv/Activities_Recovance_en.csv", ExportFormat.GarminActivities, 47, 0, 0.0)]
    [InlineData("strava_bulk/activities_JoBoSo_first120.csv", ExportFormat.StravaActivities, 120, 0, 0.0)]
    [InlineData("apple_health/export_dogsheep_legacy-attrs.xml", ExportFormat.AppleHealth, 1, 0, 0.0)]
    public void Each_sample_imports_completely_with_no_rejections(
        string sample,
        ExportFormat format,
        int workouts,
        int sets,
        double kg
    )
    {
        var result = Read(Samples.Path(sample.Split('/')));

        Assert.Equal([format], result.Formats);
        Assert.Empty(result.Rejected);
        Assert.Equal(0, result.RejectedCount);
        Assert.Equal(workouts, result.Workouts.Count);
        Assert.Equal(sets, result.Sets);
        var total = result.Workouts.SelectMany(w => w.Sets).Sum(s => (s.WeightKg ?? 0) * (s.Reps ?? 0));
        Assert.Equal(kg, total, 3);
        Assert.All(result.Workouts, w => Assert.Equal("ana", w.AthleteId));
    }

    [RealDataFact]
    public void The_current_strong_layout_reads_weights_in_kg_durations_in_seconds_and_skips_note_rows()
    {
        var result = Read(Samples.Path("strong", "strong_AbishakeSrithar_quoted-semicolon_kg.csv"));

        var first = result.Workouts[0];
        Assert.Equal("Chest and Triceps", first.Title);
        Assert.Equal(2176 / 60.0, first.DurationMin, 2);
        Assert.Equal(55.0, first.Sets[0].WeightKg);
        Assert.Equal(7, result.Skipped["Strong note rows"]);
        Assert.Equal(748, result.Skipped["Strong rest-timer rows"]);
        // One workout was left open in the app for 42 hours: its sets stay, its duration is estimated.
        var open = Assert.Single(result.Warnings);
        Assert.Equal((1590, "durationMin"), (open.Line, open.Field));
        Assert.Contains("2571.5 minutes", open.Reason);
    }

    [RealDataFact]
    public void A_semicolon_export_with_decimal_points_reads_rpe_9_5_as_9_5_and_drops_assistance_weights()
    {
        var result = Read(Samples.Path("strong", "strong_joshuayoes_semicolon-weightunit_lbs.csv"));

        var sets = result.Workouts.SelectMany(w => w.Sets).ToList();
        Assert.Contains(sets, s => s.Rpe == 9.5);
        Assert.Contains(sets, s => s.Rpe == 6.5);
        Assert.All(sets, s => Assert.InRange(s.Rpe ?? 0, 0, 10));
        Assert.All(sets.Where(s => s.Exercise.Contains("Assisted")), s => Assert.Null(s.WeightKg));
        Assert.True(result.Skipped["assistance weights of assisted exercises (help, not load)"] > 0);
        // 115 lbs on the first bench set.
        Assert.Equal(Math.Round(115 * 0.45359237, 3), result.Workouts[0].Sets[0].WeightKg);
        Assert.Empty(result.Warnings);
    }

    /// <summary>
    /// Every FIT sample: sessions (workouts) and active sets as the SOURCES.md table gives them for Garmin's
    /// decoder, and what is refused with a clear, file-naming reason.
    /// </summary>
    [RealDataTheory]
    [InlineData("20474406937_ACTIVITY.fit", 1, 38)]
    [InlineData("20555050352_ACTIVITY.fit", 3, 20)]
    [InlineData("20744294788_ACTIVITY.fit", 2, 41)]
    [InlineData("20748058539_ACTIVITY.fit", 1, 14)]
    [InlineData("20548472357_ACTIVITY.fit", 1, 0)]
    [InlineData("2013-02-06-12-11-14.fit", 1, 0)]
    [InlineData("Edge810-Vector-2013-08-16-15-35-10.fit", 1, 0)]
    [InlineData("2019-02-17-062644-ELEMNT-297E-195-0.fit", 1, 0)]
    [InlineData("20170518-191602-1740899583.fit", 1, 0)]
    [InlineData("sample_mulitple_header.fit", 5, 0)]
    [InlineData("event_timestamp.fit", 1, 0)]
    [InlineData("developer-types-sample.fit", 1, 0)]
    [InlineData("null_compressed_speed_dist.fit", 1, 0)]
    [InlineData("coros-pace-2-cycling-misaligned-fields.fit", 1, 0)]
    public void Each_fit_activity_imports_every_session_and_each_active_set_once(string sample, int sessions, int sets)
    {
        var result = Read(Samples.Path("fit", sample));

        Assert.Empty(result.Rejected);
        Assert.Equal(sessions, result.Workouts.Count);
        Assert.Equal(sets, result.Sets);
        Assert.All(result.Workouts, w => Assert.InRange(w.Start.Year, 2010, 2026));
    }

    [RealDataFact]
    public void A_zwift_ride_with_heart_rate_0_imports_with_no_heart_rate()
    {
        var ride = Assert.Single(Read(Samples.Path("fit", "null_compressed_speed_dist.fit")).Workouts);

        Assert.Null(ride.AvgHr);
        Assert.Null(ride.MaxHr);
        Assert.Equal("cycling", ride.Sport);
    }

    [RealDataTheory]
    [InlineData("Settings.fit", "no session message")]
    [InlineData("activity-filecrc.fit", "file CRC")]
    [InlineData("activity-unexpected-eof.fit", "truncated")]
    [InlineData("strava-android-app-201.10-b1218918.fit", "truncated")]
    [InlineData("compressed-speed-distance.fit", "relative to being switched on")]
    public void A_damaged_or_non_activity_fit_file_is_refused_with_its_reason(string sample, string reason)
    {
        var result = Read(Samples.Path("fit", sample));

        Assert.Empty(result.Workouts);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(sample, rejected.File);
        Assert.Contains(reason, rejected.Reason);
    }

    [RealDataFact]
    public void Of_two_chained_fit_files_the_valid_first_is_read_and_the_damaged_second_reported()
    {
        var result = Read(Samples.Path("fit", "activity-activity-filecrc.fit"));

        Assert.Single(result.Workouts);
        Assert.Contains("FIT file 2 chained in it (from byte 771)", Assert.Single(result.Rejected).Reason);
    }

    [RealDataTheory]
    [InlineData("wger_fixture_test-workout-log-data.json")]
    [InlineData("wger_fixture_test-workout-session.json")]
    public void A_wger_database_fixture_is_refused_as_not_an_export(string sample)
    {
        var e = Assert.Throws<ImportException>(() => Read(Samples.Path("wger", sample)));

        Assert.Contains(sample, e.Message);
        Assert.Contains("database fixture", e.Message);
    }

    [RealDataFact]
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

    [RealDataFact]
    public void Strong_without_a_unit_column_takes_the_athletes_unit()
    {
        var kg = Read(Samples.StrongHarrig12, "kg").Workouts[0].Sets[0];
        var lb = Read(Samples.StrongHarrig12, "lb").Workouts[0].Sets[0];

        Assert.Equal(45.0, kg.WeightKg);
        Assert.Equal(Math.Round(45 * 0.45359237, 3), lb.WeightKg);
        Assert.Equal(38, Read(Samples.StrongHarrig12).Workouts[0].DurationMin);
    }

    [RealDataFact]
    public void Strong_12_hour_dates_with_a_narrow_no_break_space_are_read()
    {
        var result = Read(Samples.StrongWorkoutConverter, zone: TimeZoneInfo.Utc);

        // "2025-01-29 5:30:00 pm" (single-digit hour) and "2025-01-30 12:34:56 pm" (noon hour).
        Assert.Equal(new DateTimeOffset(2025, 1, 29, 17, 30, 0, TimeSpan.Zero), result.Workouts[0].Start);
        Assert.Equal(new DateTimeOffset(2025, 1, 30, 12, 34, 56, TimeSpan.Zero), result.Workouts[1].Start);
        Assert.Equal(49, result.Workouts[1].DurationMin);
    }

    [RealDataFact]
    public void Hevy_counts_sets_from_one_marks_warmups_and_takes_the_duration_from_start_and_end()
    {
        var result = Read(Samples.HevyConnect);

        var weekendLong = result.Workouts.Single(w => w.Title == "Weekend Long" && w.Start.Day == 5);
        Assert.Equal(new DateTimeOffset(2025, 12, 5, 11, 37, 0, TimeSpan.FromHours(1)), weekendLong.Start);
        Assert.Equal(78, weekendLong.DurationMin);
        Assert.Equal(1, weekendLong.Sets[0].SetIndex);
        Assert.Null(weekendLong.Sets[0].WeightKg);
        Assert.Equal(7, weekendLong.Sets[0].Reps);
        Assert.Equal(20, result.Workouts.SelectMany(w => w.Sets).Count(s => s.Kind == SetKind.Warmup));
    }

    [RealDataFact]
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

    [RealDataFact]
    public void Strava_dates_are_utc_and_the_first_elapsed_time_is_seconds()
    {
        var result = Read(Samples.Strava);

        var first = result.Workouts.Single(w => w.SourceId == "203707851");
        Assert.Equal(new DateTimeOffset(2014, 10, 5, 16, 15, 21, TimeSpan.Zero), first.Start);
        Assert.Equal(47.22, first.DurationMin, 2);
        Assert.Equal("cycling", first.Sport);
        Assert.Equal(4, result.Workouts.Count(w => w.Sport == "running"));
    }

    [RealDataFact]
    public void Apple_health_legacy_layout_reads_the_workout_and_skips_records()
    {
        var result = Read(Samples.AppleHealth);

        var run = Assert.Single(result.Workouts);
        Assert.Equal("running", run.Sport);
        Assert.Equal(new DateTimeOffset(2016, 11, 14, 7, 25, 41, TimeSpan.FromHours(-7)), run.Start);
        Assert.Equal(5.19, run.DurationMin, 2);
        Assert.Equal("apple-health", run.Source);
    }

    [RealDataFact]
    public void Importing_the_same_file_twice_gives_the_same_workout_ids()
    {
        var first = Read(Samples.StrongBreinsp).Workouts.Select(w => w.WorkoutId).ToList();
        var second = Read(Samples.StrongBreinsp).Workouts.Select(w => w.WorkoutId).ToList();

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct().Count());
    }
}
