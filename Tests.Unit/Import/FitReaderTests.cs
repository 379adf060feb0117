using System.IO.Compression;
using BackSignal.Core.Import;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Import;

/// <summary>The FIT decoder on fixtures written by <see cref="FitWriter"/>.</summary>
public sealed class FitReaderTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 18, 17, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ImportResult Read(string name, byte[] content) =>
        ExportReader.ReadFile(
            _temp.File(name, content),
            new ImportContext
            {
                FileName = name,
                AthleteId = "ana",
                Now = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero),
            }
        );

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_strength_session_of_5_exercises_and_25_sets_imports_with_reps_weights_and_patterns(
        bool bigEndian,
        bool developerFields
    )
    {
        var result = Read("strength.fit", FitWriter.Strength(Start, bigEndian, developerFields).ToArray());

        Assert.Equal([ExportFormat.Fit], result.Formats);
        Assert.Empty(result.Rejected);
        var workout = Assert.Single(result.Workouts);
        Assert.Equal(
            ("strength", Start, 3_700 / 60.0),
            (workout.Sport, workout.Start, workout.DurationMin),
            new DurationComparer()
        );
        Assert.Equal((112.0, 151.0), (workout.AvgHr!.Value, workout.MaxHr!.Value));
        var working = workout.Sets.Where(s => s.Kind == SetKind.Normal).ToList();
        Assert.Equal(25, working.Count);
        Assert.Equal(2, workout.Sets.Count(s => s.Kind == SetKind.Warmup));
        Assert.Equal(25, result.Skipped["FIT rest sets"]);

        var deadlifts = working.Where(s => s.Exercise == "Deadlift (Barbell)").ToList();
        Assert.Equal(5, deadlifts.Count);
        Assert.All(
            deadlifts,
            s => Assert.Equal((120.0, 5, 40.0), (s.WeightKg!.Value, s.Reps!.Value, s.Seconds!.Value))
        );
        Assert.Equal([1, 2, 3, 4, 5], deadlifts.Select(s => s.SetIndex));
        Assert.Equal(80.0, working.First(s => s.Exercise.StartsWith("Bench")).WeightKg);

        var patterns = working
            .Select(s => s.Exercise)
            .Distinct()
            .ToDictionary(n => n, n => ExerciseCatalog.Default.Find(n)!.Pattern);
        Assert.Equal(MovementPattern.Hinge, patterns["Deadlift (Barbell)"]);
        Assert.Equal(MovementPattern.Hinge, patterns["Romanian Deadlift (Barbell)"]);
        Assert.Equal(MovementPattern.Squat, patterns["Squat (Barbell)"]);
        Assert.Equal(MovementPattern.Press, patterns["Bench Press (Barbell)"]);
        Assert.Equal(MovementPattern.Row, patterns["Row"]);
        Assert.DoesNotContain(result.UnknownExercises, u => u.Name != "Warm Up");
    }

    [Fact]
    public void Compressed_timestamps_place_sets_in_the_right_session_across_the_5_bit_rollover()
    {
        var run = FitWriter.Time(Start);
        var lift = run + 3_600;
        var fit = new FitWriter()
            .Define(
                0,
                18,
                [
                    (253, 4, FitWriter.UInt32),
                    (2, 4, FitWriter.UInt32),
                    (5, 1, FitWriter.Enum),
                    (6, 1, FitWriter.Enum),
                    (7, 4, FitWriter.UInt32),
                    (8, 4, FitWriter.UInt32),
                    (16, 1, FitWriter.UInt8),
                    (17, 1, FitWriter.UInt8),
                ]
            )
            .Data(0, (ulong)(run + 1_800), (ulong)run, 1UL, 0UL, 1_800_000UL, 1_800_000UL, 150UL, 178UL)
            .Data(0, (ulong)(lift + 1_200), (ulong)lift, 10UL, 20UL, 1_200_000UL, 1_200_000UL, 105UL, 140UL)
            // A full timestamp once (an event), then sets with compressed headers only.
            .Define(1, 21, [(253, 4, FitWriter.UInt32), (0, 1, FitWriter.Enum)])
            .Data(1, (ulong)(lift + 28), 0UL)
            .Define(
                2,
                225,
                [
                    (3, 2, FitWriter.UInt16),
                    (4, 2, FitWriter.UInt16),
                    (5, 1, FitWriter.UInt8),
                    (7, 2, FitWriter.UInt16),
                    (8, 2, FitWriter.UInt16),
                ]
            );
        // Offsets 30, then 3 (wraps past 31: +32), then 20.
        foreach (var at in new[] { lift + 30, lift + 35, lift + 52 })
            fit.Compressed(2, at, 5UL, 1_600UL, 1UL, 8UL, 0UL);

        var result = Read("two-sessions.fit", fit.ToArray());

        Assert.Empty(result.Rejected);
        Assert.Equal(2, result.Workouts.Count);
        var running = result.Workouts.Single(w => w.Sport == "running");
        Assert.Empty(running.Sets);
        Assert.Equal(150, running.AvgHr);
        var strength = result.Workouts.Single(w => w.Sport == "strength");
        Assert.Equal(3, strength.Sets.Count);
        Assert.All(strength.Sets, s => Assert.Equal((100.0, 5), (s.WeightKg!.Value, s.Reps!.Value)));
        Assert.Equal(FitWriter.Epoch.AddSeconds(lift), strength.Start);
    }

    [Fact]
    public void A_running_session_gives_heart_rate_for_trimp()
    {
        var t = FitWriter.Time(Start);
        var fit = new FitWriter()
            .Define(
                0,
                18,
                [
                    (253, 4, FitWriter.UInt32),
                    (2, 4, FitWriter.UInt32),
                    (5, 1, FitWriter.Enum),
                    (7, 4, FitWriter.UInt32),
                    (8, 4, FitWriter.UInt32),
                    (16, 1, FitWriter.UInt8),
                    (17, 1, FitWriter.UInt8),
                ]
            )
            .Data(0, (ulong)(t + 3600), (ulong)t, 1UL, 3_600_000UL, 3_600_000UL, 150UL, null);
        var workout = Assert.Single(Read("run.fit", fit.ToArray()).Workouts);

        Assert.Equal(("running", 60.0, 150.0), (workout.Sport, workout.DurationMin, workout.AvgHr!.Value));
        Assert.Null(workout.MaxHr); // 0xFF is the invalid value of uint8
        var load = SessionLoad.Of(
            workout,
            new AthleteProfile
            {
                AthleteId = "ana",
                Email = "a@example.com",
                RestingHr = 50,
                MaxHr = 190,
            },
            new MetricsOptions()
        );
        Assert.Equal(LoadMethod.Trimp, load.Method);
    }

    [Fact]
    public void A_wrong_crc_is_a_clear_error_with_the_byte_offset()
    {
        var bytes = FitWriter.Strength(Start).ToArray();
        bytes[200] ^= 0x55;

        var error = Assert.Single(Read("damaged.fit", bytes).Rejected);
        Assert.Contains($"At byte {bytes.Length - 2}:", error.Reason);
        Assert.Contains("CRC", error.Reason);
        Assert.Contains("damaged", error.Reason);
    }

    [Fact]
    public void A_truncated_file_is_a_clear_error_with_the_byte_offset()
    {
        var bytes = FitWriter.Strength(Start).ToArray();
        var error = Assert.Single(Read("cut.fit", bytes[..(bytes.Length / 2)]).Rejected);

        Assert.Contains("truncated", error.Reason);
        Assert.Contains($"At byte {bytes.Length / 2}:", error.Reason);
    }

    [Fact]
    public void Data_before_its_definition_names_the_offset()
    {
        var fit = new FitWriter().Define(0, 18, [(253, 4, FitWriter.UInt32)]).Data(0, 1000UL).ToArray();
        fit[14] = 0x01; // the definition's header now says "data message of local type 1"
        var bytes = Recrc(fit);

        var error = Assert.Single(Read("order.fit", bytes).Rejected);
        Assert.Contains("At byte 14:", error.Reason);
        Assert.Contains("before its definition", error.Reason);
    }

    [Fact]
    public void A_zip_of_fit_files_is_read_entry_by_entry()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 3; i++)
            {
                using var entry = zip.CreateEntry($"activities/{i}.fit").Open();
                entry.Write(FitWriter.Strength(Start.AddDays(i)).ToArray());
            }
            using var readme = zip.CreateEntry("README.txt").Open();
            readme.Write("not a workout"u8);
        }

        var result = Read("garmin-export.zip", buffer.ToArray());

        Assert.Equal(3, result.Workouts.Count);
        Assert.Equal(3 * 27, result.Sets);
        Assert.Equal(1, result.Skipped["zip entries that are not exports"]);
    }

    private static byte[] Recrc(byte[] fit)
    {
        var crc = FitCrc.Compute(fit.AsSpan(0, fit.Length - 2));
        fit[^2] = (byte)crc;
        fit[^1] = (byte)(crc >> 8);
        return fit;
    }

    private sealed class DurationComparer : IEqualityComparer<(string, DateTimeOffset, double)>
    {
        public bool Equals((string, DateTimeOffset, double) x, (string, DateTimeOffset, double) y) =>
            x.Item1 == y.Item1 && x.Item2 == y.Item2 && Math.Abs(x.Item3 - y.Item3) < 0.01;

        public int GetHashCode((string, DateTimeOffset, double) obj) => 0;
    }
}
