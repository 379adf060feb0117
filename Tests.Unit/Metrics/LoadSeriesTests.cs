using BackSignal.Core.Metrics;

namespace BackSignal.Tests.Metrics;

public class LoadSeriesTests
{
    private static readonly MetricsOptions Defaults = new();
    private static readonly DateOnly Day1 = new(2026, 1, 5);

    private static List<(DateOnly, double)> Series(params double[] loads) =>
        loads.Select((load, i) => (Day1.AddDays(i), load)).ToList();

    [Fact]
    public void Ewma_ratio_matches_the_design_test_vector()
    {
        var metrics = LoadSeries.Compute(Series(400, 0, 500, 300, 0, 600, 0, 450, 0, 700), null, Defaults);

        Assert.Equal(1.0, metrics[0].AcwrEwma!.Value, 4);
        Assert.Equal(0.8056, metrics[1].AcwrEwma!.Value, 4);
        Assert.Equal(0.9181, metrics[2].AcwrEwma!.Value, 4);
        Assert.Equal(0.9855, metrics[9].AcwrEwma!.Value, 4);
    }

    [Fact]
    public void Monotony_and_strain_match_the_design_test_vector()
    {
        var metrics = LoadSeries.Compute(Series(400, 0, 500, 300, 0, 600, 0), null, Defaults);

        Assert.Null(metrics[5].Monotony);
        Assert.Equal(1.0796, metrics[6].Monotony!.Value, 4);
        Assert.Equal(1943.2, metrics[6].Strain!.Value, 1);
    }

    [Fact]
    public void Rolling_ratios_match_the_design_weekly_sums()
    {
        // Weekly sums 1400, 1500, 1600, 2400, spread evenly over each week's days.
        var loads = new[] { 1400.0, 1500, 1600, 2400 }.SelectMany(sum => Enumerable.Repeat(sum / 7, 7)).ToArray();
        var metrics = LoadSeries.Compute(Series(loads), null, Defaults);

        Assert.Null(metrics[26].AcwrCoupled);
        Assert.Equal(1.3913, metrics[27].AcwrCoupled!.Value, 4);
        Assert.Equal(1.6000, metrics[27].AcwrUncoupled!.Value, 4);
    }

    [Fact]
    public void A_constant_daily_load_gives_ratios_of_one_once_defined()
    {
        var metrics = LoadSeries.Compute(Series(Enumerable.Repeat(300.0, 40).ToArray()), null, Defaults);

        Assert.All(metrics, m => Assert.Equal(1.0, m.AcwrEwma!.Value, 10));
        Assert.All(
            metrics.Skip(27),
            m =>
            {
                Assert.Equal(1.0, m.AcwrCoupled!.Value, 10);
                Assert.Equal(1.0, m.AcwrUncoupled!.Value, 10);
                Assert.Equal(10, m.Monotony); // no variation at all: the cap
            }
        );
    }

    [Fact]
    public void Ratios_are_null_not_infinite_when_the_chronic_side_is_zero()
    {
        var metrics = LoadSeries.Compute(Series([.. Enumerable.Repeat(0.0, 30), 500]), null, Defaults);

        Assert.All(metrics.Take(30), m => Assert.Null(m.AcwrEwma));
        Assert.All(metrics.Take(30), m => Assert.Null(m.Monotony));
        Assert.All(metrics, m => Assert.True(m.AcwrEwma is null || double.IsFinite(m.AcwrEwma.Value)));
        // Seeded at 0, both EWMAs take their λ share of the first load: (2/8) / (2/29).
        Assert.Equal(29.0 / 8, metrics[30].AcwrEwma!.Value, 10);
    }

    [Fact]
    public void Fitness_and_fatigue_start_from_zero_the_day_before_the_first_workout()
    {
        var metrics = LoadSeries.Compute(Series(420, 0), null, Defaults);

        Assert.Equal(420 * (1 - Math.Exp(-1 / 42.0)), metrics[0].Ctl, 6);
        Assert.Equal(420 * (1 - Math.Exp(-1 / 7.0)), metrics[0].Atl, 6);
        Assert.Equal(0, metrics[0].Tsb);
        Assert.Equal(metrics[0].Ctl - metrics[0].Atl, metrics[1].Tsb, 10);
    }

    [Fact]
    public void Scaling_every_load_leaves_ratios_and_monotony_unchanged()
    {
        var random = new Random(7);
        var loads = Enumerable
            .Range(0, 60)
            .Select(_ => random.Next(0, 3) == 0 ? 0 : random.Next(100, 900) * 1.0)
            .ToArray();
        var plain = LoadSeries.Compute(Series(loads), null, Defaults);
        var scaled = LoadSeries.Compute(Series(loads.Select(l => l * 3.7).ToArray()), null, Defaults);

        for (var i = 0; i < plain.Count; i++)
        {
            AssertClose(plain[i].AcwrEwma, scaled[i].AcwrEwma);
            AssertClose(plain[i].AcwrCoupled, scaled[i].AcwrCoupled);
            AssertClose(plain[i].AcwrUncoupled, scaled[i].AcwrUncoupled);
            AssertClose(plain[i].Monotony, scaled[i].Monotony);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(45)]
    public void Computing_from_a_stored_state_equals_the_full_computation(int splitAt)
    {
        var random = new Random(splitAt);
        var loads = Enumerable
            .Range(0, 70)
            .Select(_ => random.Next(0, 2) == 0 ? 0 : random.Next(100, 900) * 1.0)
            .ToArray();
        var series = Series(loads);
        var full = LoadSeries.Compute(series, null, Defaults);

        var state = LoadSeries.StateAfter(full.Take(splitAt).ToList(), Defaults);
        var rest = LoadSeries.Compute(series.Skip(splitAt).ToList(), state, Defaults);

        Assert.Equal(full.Skip(splitAt).ToList(), rest);
    }

    private static void AssertClose(double? expected, double? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is { } e)
            Assert.Equal(e, actual!.Value, 9);
    }
}
