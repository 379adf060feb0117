using System.Globalization;
using System.Text;

namespace BackSignal.DevHost;

/// <summary>
/// Large generated exports for the benchmarks and the memory tests: a Strong CSV of any number of rows, an Apple
/// Health export.xml of any size, a FIT activity of 1-second records.
/// </summary>
public static class LargeExports
{
    /// <summary>The five exercises of the generated strength workouts, five sets each.</summary>
    private static readonly string[] Exercises =
    [
        "Deadlift (Barbell)",
        "Squat (Barbell)",
        "Bench Press (Barbell)",
        "Bent Over Row (Barbell)",
        "Overhead Press (Barbell)",
    ];

    /// <summary>
    /// A Strong export in the 24-hour comma layout: workouts of 25 sets over 5 exercises, six a day (so that a million
    /// rows fit after 2000).
    /// </summary>
    public static void Strong(string path, int rows, DateTime? firstDay = null)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine(
            "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
        );
        var start = (firstDay ?? new DateTime(2000, 1, 3)).Date.AddHours(6.5);
        for (var row = 0; row < rows; row++)
        {
            var workout = row / 25;
            var date = start
                .AddDays(workout / 6)
                .AddHours(workout % 6 * 2)
                .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var exercise = Exercises[row % 25 / 5];
            var set = row % 5 + 1;
            var weight = 60 + workout % 40 + set * 2.5;
            writer.Write(date);
            writer.Write(",\"Day ");
            writer.Write(workout % 7);
            writer.Write("\",1h 15m,\"");
            writer.Write(exercise);
            writer.Write("\",");
            writer.Write(set);
            writer.Write(',');
            writer.Write(weight.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(5 + set % 3);
            writer.WriteLine(",0,0,\"\",\"\",");
        }
    }

    /// <summary>
    /// A Hevy export (kg) as the app writes it, every field quoted: workouts of 25 sets over 5 exercises, a warm-up
    /// first in each exercise, six a day.
    /// </summary>
    public static void Hevy(string path, int rows, DateTime? firstDay = null)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine(GeneratedExports.HevyHeader);
        var start = (firstDay ?? new DateTime(2000, 1, 3)).Date.AddHours(6.5);
        for (var row = 0; row < rows; row++)
        {
            var workout = row / 25;
            var begins = start.AddDays(workout / 6).AddHours(workout % 6 * 2);
            var set = row % 5;
            writer.Write('"');
            writer.Write("Day ");
            writer.Write(workout % 7);
            writer.Write("\",\"");
            writer.Write(begins.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture));
            writer.Write("\",\"");
            writer.Write(begins.AddMinutes(75).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture));
            writer.Write("\",\"\",\"");
            writer.Write(Exercises[row % 25 / 5]);
            writer.Write("\",\"\",\"\",\"");
            writer.Write(set);
            writer.Write("\",\"");
            writer.Write(set == 0 ? "warmup" : "normal");
            writer.Write("\",\"");
            writer.Write((60 + workout % 40 + set * 2.5).ToString(CultureInfo.InvariantCulture));
            writer.Write("\",\"");
            writer.Write(5 + set % 3);
            writer.WriteLine("\",\"\",\"\",\"8\"");
        }
    }

    /// <summary>
    /// An Apple Health export.xml of about <paramref name="bytes"/>: the real preamble with its DTD, mostly heart
    /// rate Records (as real exports are), and one Workout every 2,000 records in the newer layout.
    /// </summary>
    public static void AppleHealth(string path, long bytes)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        writer.Write(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE HealthData [
            <!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
            <!ATTLIST HealthData locale CDATA #REQUIRED>
            <!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
            ]>
            <HealthData locale="en_US">
             <ExportDate value="2025-03-01 10:00:00 +0100"/>
             <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>

            """
        );
        var t = new DateTime(2015, 1, 1, 6, 0, 0);
        for (var i = 0; stream.Position < bytes; i++)
        {
            t = t.AddMinutes(5);
            var at = t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0100";
            writer.Write(
                $" <Record type=\"HKQuantityTypeIdentifierHeartRate\" sourceName=\"Watch\" sourceVersion=\"9.1\" "
                    + $"unit=\"count/min\" creationDate=\"{at}\" startDate=\"{at}\" endDate=\"{at}\" "
                    + $"value=\"{60 + i % 80}\">\n  <MetadataEntry key=\"HKMetadataKeyHeartRateMotionContext\" "
                    + $"value=\"0\"/>\n </Record>\n"
            );
            if (i % 2000 == 0)
            {
                var end = t.AddMinutes(55).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0100";
                writer.Write(
                    $" <Workout workoutActivityType=\"HKWorkoutActivityTypeTraditionalStrengthTraining\" "
                        + $"duration=\"55\" durationUnit=\"min\" sourceName=\"Watch\" startDate=\"{at}\" "
                        + $"endDate=\"{end}\">\n  <WorkoutStatistics type=\"HKQuantityTypeIdentifierHeartRate\" "
                        + $"startDate=\"{at}\" endDate=\"{end}\" average=\"{110 + i % 20}\" minimum=\"70\" "
                        + $"maximum=\"165\" unit=\"count/min\"/>\n </Workout>\n"
                );
            }
        }
        writer.Write("</HealthData>\n");
    }

    /// <summary>
    /// A running activity: one definition, 1-second `record` messages (timestamp, heart rate, distance, speed,
    /// cadence, altitude…), a session.
    /// </summary>
    public static byte[] FitActivity(int bytes)
    {
        const byte u8 = FitWriter.UInt8,
            u16 = FitWriter.UInt16,
            u32 = FitWriter.UInt32;
        var fit = new FitWriter().Define(
            0,
            20,
            [
                (253, 4, u32),
                (3, 1, u8),
                (5, 4, u32),
                (6, 2, u16),
                (4, 1, u8),
                (2, 2, u16),
                (7, 2, u16),
                (13, 1, 0x01),
                (0, 4, 0x85),
            ]
        );
        var start = 1_100_000_000u;
        var t = start;
        for (var size = 14L; size < bytes - 64; size += 25, t++)
            fit.Data(
                0,
                (ulong)t,
                (ulong)(120 + t % 40),
                (ulong)(t - start) * 300,
                3000UL,
                85UL,
                2500UL,
                200UL,
                20UL,
                540_000_000UL
            );
        return fit.Define(
                1,
                18,
                [(253, 4, u32), (2, 4, u32), (5, 1, FitWriter.Enum), (7, 4, u32), (8, 4, u32), (16, 1, u8), (17, 1, u8)]
            )
            .Data(1, (ulong)t, (ulong)start, 1UL, (t - start) * 1000UL, (t - start) * 1000UL, 140UL, 175UL)
            .ToArray();
    }
}
