using System.Globalization;
using System.Text;
using BackSignal.Core.Import;
using BackSignal.Core.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BackSignal.Tests.Import;

/// <summary>
/// What the importers' fast paths (#31) must keep: the plain-number reader gives double.Parse's value to the bit, a
/// set's compact storage keeps every value (and its absence) as the nullables did, and workouts whose rows are read
/// through shared lists and chunks keep exactly their own sets.
/// </summary>
public sealed class ImportAtPaceTests
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The general path the plain reader stands in for.</summary>
    private static double General(string text) =>
        Math.Round(
            double.Parse(
                text,
                NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                Invariant
            ),
            6
        );

    private static Arbitrary<string> PlainNumbers() =>
        Gen.Choose(0, 15)
            .SelectMany(digits =>
                Gen.Choose(-1, Math.Min(6, digits))
                    .SelectMany(decimals =>
                        Gen.ArrayOf(Gen.Choose(0, 9), digits)
                            .SelectMany(ds =>
                                Gen.Elements(true, false)
                                    .Select(negative =>
                                    {
                                        var text = new StringBuilder(negative ? "-" : "");
                                        for (var i = 0; i < ds.Length; i++)
                                        {
                                            if (decimals >= 0 && i == ds.Length - decimals)
                                                text.Append('.');
                                            text.Append((char)('0' + ds[i]));
                                        }
                                        return text.ToString();
                                    })
                            )
                    )
            )
            .ToArbitrary();

    [Property(MaxTest = 2000)]
    public Property A_plain_number_reads_as_double_Parse_reads_it_to_the_bit() =>
        Prop.ForAll(
            PlainNumbers(),
            text =>
            {
                var plain = Values.TryPlainDecimal(text, out var value);
                var general = double.TryParse(
                    text,
                    NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                    Invariant,
                    out _
                );
                // Every text the plain reader takes, the general one takes too, with the same bits.
                return (!plain || (general && BitConverter.DoubleToInt64Bits(value) == Bits(General(text))))
                    // and it takes every one of these shapes with a digit and at most 9 before the point.
                    && plain == (text.Any(char.IsAsciiDigit) && text.TrimStart('-').Split('.')[0].Length <= 9);
            }
        );

    private static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);

    [Theory]
    [InlineData("62.5", 62.5)]
    [InlineData("0", 0.0)]
    [InlineData("-3.25", -3.25)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("123456789.123456", 123456789.123456)]
    [InlineData("99.999999", 99.999999)]
    public void Plain_numbers_read_as_written(string text, double expected)
    {
        Assert.True(Values.TryPlainDecimal(text, out var value));
        Assert.Equal(Bits(expected), Bits(value));
        Assert.Equal(Bits(General(text)), Bits(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("+5")]
    [InlineData("1e3")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("1234567890")] // ten digits before the point: rounding to 6 decimals may move it, the general path
    [InlineData("91288447031.819")] // (found by the property below: one ulp apart)
    [InlineData("1.1234567")] // 7 decimals: the general path rounds it
    [InlineData("NaN")]
    [InlineData("٣")] // a digit, but not ASCII
    public void Anything_else_is_left_to_the_general_path(string? text)
    {
        Assert.False(Values.TryPlainDecimal(text, out _));
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData("007", 7)]
    [InlineData("123456789", 123456789)]
    [InlineData("1234567890", 1234567890)] // ten digits: the general path
    [InlineData("-1", -1)]
    [InlineData("+5", 5)]
    [InlineData("5.0", 5)]
    public void Set_numbers_read_as_int_Parse_reads_them(string text, int expected)
    {
        Assert.True(Values.TryInt(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("W")]
    [InlineData("5.5")]
    [InlineData("99999999999")]
    public void Set_orders_that_are_not_whole_numbers_stay_unread(string text)
    {
        Assert.False(Values.TryInt(text, out _));
    }

    [Fact]
    public void Numbers_the_plain_path_leaves_still_read_as_before()
    {
        Assert.True(Values.TryNumber("1e3", decimalComma: false, out var thousand));
        Assert.Equal(1000, thousand);
        Assert.True(Values.TryNumber("1.1234567", decimalComma: false, out var rounded));
        Assert.Equal(1.123457, rounded);
        Assert.True(Values.TryNumber(" 5 ", decimalComma: false, out var spaced));
        Assert.Equal(5, spaced);
        Assert.False(Values.TryNumber("--", decimalComma: false, out _));
    }

    [Fact]
    public void A_set_keeps_each_value_and_each_absence()
    {
        var empty = new WorkoutSet { Exercise = "Deadlift" };
        Assert.Null(empty.WeightKg);
        Assert.Null(empty.Reps);
        Assert.Null(empty.Rpe);
        Assert.Null(empty.DistanceM);
        Assert.Null(empty.Seconds);
        var zeros = empty with { WeightKg = 0, Reps = 0, Rpe = 0, DistanceM = 0, Seconds = 0 };
        Assert.Equal(0, zeros.WeightKg);
        Assert.Equal(0, zeros.Reps);
        Assert.Equal(0, zeros.Rpe);
        Assert.Equal(0, zeros.DistanceM);
        Assert.Equal(0, zeros.Seconds);
        Assert.NotEqual(empty, zeros);
        // Taking a value away again is absence, equal to never having had it.
        Assert.Equal(empty, zeros with { WeightKg = null, Reps = null, Rpe = null, DistanceM = null, Seconds = null });
        var full = empty with { WeightKg = 102.5, Reps = 5, Rpe = 8.5, DistanceM = 400, Seconds = 90 };
        Assert.Equal((102.5, 5, 8.5, 400.0, 90.0), (full.WeightKg, full.Reps, full.Rpe, full.DistanceM, full.Seconds));
        // One value changed leaves the others as they were.
        var lighter = full with
        {
            WeightKg = null,
        };
        Assert.Equal(
            (null, 5, 8.5, 400.0, 90.0),
            (lighter.WeightKg, lighter.Reps, lighter.Rpe, lighter.DistanceM, lighter.Seconds)
        );
        Assert.Null(default(WorkoutSet).WeightKg);
        Assert.Null(default(WorkoutSet).Reps);
    }

    [Fact]
    public void A_value_out_of_range_is_still_seen_and_dropped_with_a_warning()
    {
        // NaN is a value, not an absence: validation must see it to say so.
        var set = new WorkoutSet
        {
            Exercise = "Deadlift",
            WeightKg = double.NaN,
            Reps = -1,
        };
        Assert.True(double.IsNaN(set.WeightKg!.Value));
        var (repaired, dropped) = WorkoutValidation.Repair(
            new WorkoutSummary
            {
                AthleteId = "a",
                Start = DateTimeOffset.UtcNow,
                Sets = [set],
            }
        );
        Assert.Null(repaired.Sets[0].WeightKg);
        Assert.Null(repaired.Sets[0].Reps);
        Assert.Contains(dropped, d => d.Field == "sets[0].weightKg");
        Assert.Contains(dropped, d => d.Field == "sets[0].reps");
    }

    [Fact]
    public void A_set_travels_as_JSON_as_it_did()
    {
        var set = new WorkoutSet
        {
            Exercise = "Squat",
            SetIndex = 2,
            WeightKg = 100,
            Reps = 5,
        };
        var json = Json.Serialize(set);
        Assert.Equal("""{"exercise":"Squat","setIndex":2,"kind":"normal","weightKg":100,"reps":5}""", json);
        Assert.Equal(set, Json.Deserialize<WorkoutSet>(json));
    }

    [Fact]
    public void A_number_repeated_down_a_column_reads_the_same_and_a_bad_one_is_reported_on_every_row()
    {
        // The same texts row after row (the reader keeps the last one read well per column), a bad text twice, then
        // the good one again; reps are whole numbers, so "5.5" is bad there but the same text is good as a weight.
        var rows = new StringBuilder("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps\n");
        string[] weights = ["62.5", "62.5", "heavy", "heavy", "62.5", "5.5", ""];
        string[] reps = ["5", "5", "5", "5.5", "5.5", "5", "5"];
        for (var i = 0; i < weights.Length; i++)
            rows.Append($"2024-01-01 07:00:00,W,1h,Deadlift (Barbell),{i + 1},{weights[i]},{reps[i]}\n");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(rows.ToString()));

        var result = ExportReader.Read(stream, new ImportContext { FileName = "strong.csv", AthleteId = "a" });

        var sets = Assert.Single(result.Workouts).Sets;
        Assert.Equal([62.5, 62.5, null, null, 62.5, 5.5, null], sets.Select(s => s.WeightKg));
        Assert.Equal([5, 5, 5, null, null, 5, 5], sets.Select(s => s.Reps));
        Assert.Equal(
            ["4 Weight", "5 Reps", "5 Weight", "6 Reps"],
            result.Warnings.Select(w => $"{w.Line} {w.Field}").Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public void Workouts_whose_rows_come_back_later_keep_exactly_their_own_sets()
    {
        // More sets than the largest chunk holds, in workouts of every size, one larger than the first chunk, and
        // the first workout's rows coming back after every tenth workout (weight 1 each).
        var rows = new StringBuilder("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps\n");
        var expected = new Dictionary<string, int>();
        var random = new Random(31);
        var day = new DateTime(2024, 1, 1, 7, 0, 0);
        var first = day.ToString("yyyy-MM-dd HH:mm:ss", Invariant);
        var firstOwn = 0;
        for (var w = 0; w < 400; w++)
        {
            var sets = w == 7 ? WorkoutValidation.MaxSets : random.Next(1, 120);
            var date = day.AddDays(w).ToString("yyyy-MM-dd HH:mm:ss", Invariant);
            expected[date] = sets;
            firstOwn = w == 0 ? sets : firstOwn;
            for (var s = 1; s <= sets; s++)
                rows.Append($"{date},W{w},1h,Deadlift (Barbell),{s},{Weight(w, s)},{s % 12 + 1}\n");
            if (w % 10 == 9)
                rows.Append($"{first},W0,1h,Deadlift (Barbell),{++expected[first]},1,1\n");
        }
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(rows.ToString()));
        var result = ExportReader.Read(stream, new ImportContext { FileName = "strong.csv", AthleteId = "a" });

        Assert.Equal(expected.Count, result.Workouts.Count);
        Assert.Equal(expected.Values.Sum(), result.Sets);
        foreach (var workout in result.Workouts)
        {
            var date = workout.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant);
            Assert.Equal(expected[date], workout.Sets.Count);
            var w = int.Parse(workout.Title![1..], Invariant);
            // Each set is the row it came from: numbered in order, with that workout's weights.
            for (var i = 0; i < workout.Sets.Count; i++)
            {
                Assert.Equal(i + 1, workout.Sets[i].SetIndex);
                Assert.Equal(w == 0 && i >= firstOwn ? 1 : Weight(w, i + 1), workout.Sets[i].WeightKg);
            }
        }
    }

    private static int Weight(int workout, int set) => workout % 200 + set % 7;
}
