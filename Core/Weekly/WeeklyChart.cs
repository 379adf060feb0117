using ScottPlot;

namespace BackSignal.Core.Weekly;

/// <summary>
/// The weekly email's chart: 8 weeks of daily load as bars, acute and chronic load as lines, pain as points (right
/// axis).
/// </summary>
public static class WeeklyChart
{
    public const int Width = 720;
    public const int Height = 320;

    /// <summary>The least the load axis spans, in AU: about one easy session.</summary>
    public const double MinLoadAxis = 100;

    /// <summary>True when there is nothing to draw: no load and no rolling load in the 8 weeks.</summary>
    public static bool IsEmpty(IReadOnlyList<ChartDay> days) =>
        days.All(d => d.Load <= 0 && !(Finite(d.AcuteEwma) > 0) && !(Finite(d.ChronicEwma) > 0) && d.Pain is null);

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    public static byte[] Png(IReadOnlyList<ChartDay> days)
    {
        var plot = new Plot();
        var xs = days.Select(d => d.Date.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();

        var bars = plot.Add.Bars(xs, days.Select(d => d.Load).ToArray());
        bars.Color = Color.FromHex("#93c5fd");
        bars.LegendText = "daily load (AU)";
        foreach (var bar in bars.Bars)
        {
            bar.LineWidth = 0;
            bar.Size = 0.8;
        }

        Line(plot, days, xs, d => d.AcuteEwma, "acute (7-day)", "#1d4ed8");
        Line(plot, days, xs, d => d.ChronicEwma, "chronic (28-day)", "#111827");

        var pained = days.Select((d, i) => (d, i)).Where(p => p.d.Pain is not null).ToList();
        IYAxis? painAxis = null;
        if (pained.Count > 0)
        {
            painAxis = plot.Axes.AddRightAxis();
            painAxis.Label.Text = "pain (0-10)";
            var pain = plot.Add.Scatter(
                pained.Select(p => xs[p.i]).ToArray(),
                pained.Select(p => (double)p.d.Pain!.Value).ToArray()
            );
            pain.Axes.YAxis = painAxis;
            pain.LineWidth = 0;
            pain.MarkerSize = 7;
            pain.Color = Color.FromHex("#dc2626");
            pain.LegendText = "pain";
        }

        // ISO dates on the axis, as everywhere else (the default follows the machine's culture: 10/15/2026).
        var bottom = plot.Axes.DateTimeTicksBottom();
        if (bottom.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
            ticks.LabelFormatter = d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        plot.Axes.Left.Label.Text = "load (AU)";
        // Little or no recent load would autoscale the axis to a sliver around 0 (ticks such as 8E-08, or 0, 0, 0
        // once rounded): the load axis always spans at least 0 to MinLoadAxis AU, so its ticks read as real values.
        var highest = days.Select(d => Math.Max(d.Load, Math.Max(Finite(d.AcuteEwma), Finite(d.ChronicEwma))))
            .DefaultIfEmpty(0)
            .Max();
        if (highest < MinLoadAxis)
            plot.Axes.SetLimitsY(0, MinLoadAxis, plot.Axes.Left);
        plot.Axes.Margins(bottom: 0);
        // Pain keeps its whole 0-10 scale: autoscaled, a pain of 1 to 3 would fill the chart's height.
        if (painAxis is not null)
        {
            plot.Axes.AutoScale();
            if (highest < MinLoadAxis)
                plot.Axes.SetLimitsY(0, MinLoadAxis, plot.Axes.Left);
            plot.Axes.SetLimitsY(-0.3, 10.3, painAxis);
        }
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static void Line(
        Plot plot,
        IReadOnlyList<ChartDay> days,
        double[] xs,
        Func<ChartDay, double> value,
        string label,
        string color
    )
    {
        var points = days.Select((d, i) => (x: xs[i], y: value(d))).Where(p => double.IsFinite(p.y)).ToList();
        if (points.Count == 0)
            return;
        var line = plot.Add.Scatter(points.Select(p => p.x).ToArray(), points.Select(p => p.y).ToArray());
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.Color = Color.FromHex(color);
        line.LegendText = label;
    }
}
