using BackSignal.Core.Configuration;
using BackSignal.Core.Hosting;
using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackSignal.Cli.Commands;

/// <summary>The tables the commands print: days, analysis, weeks, alerts (80 columns or COLUMNS).</summary>
internal static class Tables
{
    public static Table Days(IReadOnlyList<DayMetrics> metrics, AlertOptions alerting)
    {
        var table = new Table()
            .RoundedBorder()
            .AddColumns(
                "date",
                "load (AU)",
                "acute (7-d EWMA)",
                "chronic (28-d EWMA)",
                "ACWR",
                "spinal kg*",
                "spinal ACWR",
                "week vs week"
            )
            .Caption(
                $"ACWR (acute:chronic ratio) above {alerting.AcwrSpike:0.0#} is a warning sign, not a prediction; it "
                    + $"means "
                    + "little in the first "
                    + "4 weeks or after a break. *spinal load is BackSignal's relative weighting, not a measured force."
            );
        foreach (var m in metrics)
        {
            var ratio = m.AcwrEwma is { } r ? r.ToString("0.00") : "–";
            ratio = Coloured(ratio, alerting.BandOf(m.AcwrEwma));
            table.AddRow(
                m.Date.ToString("yyyy-MM-dd ddd"),
                m.Load.ToString("0"),
                m.AcuteEwma.ToString("0"),
                m.ChronicEwma.ToString("0"),
                ratio,
                m.SpinalLoad.ToString("0"),
                m.SpinalAcwrEwma?.ToString("0.00") ?? "–",
                m.WeeklyLoadChange is { } w ? w.ToString("+0%;-0%;0%") : "–"
            );
        }
        return table;
    }

    public static Table Analysis(IReadOnlyList<ComputedDay> days, AlertOptions alerting)
    {
        var table = new Table()
            .RoundedBorder()
            .AddColumns(
                "date",
                "load (AU)",
                "method",
                "volume kg",
                "spinal kg*",
                "ACWR",
                "monotony",
                "CTL",
                "ATL",
                "TSB"
            )
            .Caption(
                $"ACWR: 7-day over 28-day EWMA; above {alerting.AcwrSpike:0.0#} is a spike. *spinal load is a "
                    + "heuristic of BackSignal."
            );
        foreach (var d in days)
        {
            var m = d.Metrics;
            var ratio = m.AcwrEwma is { } r ? r.ToString("0.00") : "–";
            ratio = Coloured(ratio, alerting.BandOf(m.AcwrEwma));
            table.AddRow(
                d.Day.Date.ToString("yyyy-MM-dd ddd"),
                d.Day.Load.ToString("0"),
                d.Day.LoadMethod is { } lm ? LoadMethods.Name(lm) : "–",
                d.Day.VolumeLoadKg.ToString("0"),
                d.Day.SpinalLoadKg.ToString("0"),
                ratio,
                m.Monotony?.ToString("0.00") ?? "–",
                m.Ctl.ToString("0.0"),
                m.Atl.ToString("0.0"),
                m.Tsb.ToString("0.0")
            );
        }
        return table;
    }

    private static string Coloured(string ratio, AcwrBand band) =>
        band switch
        {
            AcwrBand.Warning => $"[red]{ratio}[/]",
            AcwrBand.Rising => $"[yellow]{ratio}[/]",
            _ => ratio,
        };

    /// <summary>
    /// Calendar weeks (Monday to Sunday) of load and spinal load, with a bar: the story in 80 columns.
    /// </summary>
    public static Table Weeks(IReadOnlyList<DayMetrics> metrics)
    {
        var weeks = metrics
            .GroupBy(m => Core.Weekly.IsoWeek.Of(m.Date))
            .OrderBy(g => g.Key.Monday)
            .Select(g => (Week: g.Key, Load: g.Sum(m => m.Load), Spinal: g.Sum(m => m.SpinalLoad), Days: g.Count()))
            .ToList();
        var top = Math.Max(1, weeks.Count == 0 ? 1 : weeks.Max(w => w.Load));
        var table = new Table()
            .RoundedBorder()
            .AddColumns("week of", "load (AU)", "spinal kg*", "")
            .Caption("*spinal load is BackSignal's relative weighting, not a measured force.");
        foreach (var w in weeks)
        {
            var bar = new string('█', (int)Math.Round(20 * w.Load / top));
            var label =
                w.Days == 7 ? $"{w.Week.Monday:yyyy-MM-dd}"
                : w.Week == weeks[^1].Week ? $"{w.Week.Monday:yyyy-MM-dd} (so far)"
                : $"{w.Week.Monday:yyyy-MM-dd} (part)";
            table.AddRow(label, w.Load.ToString("0"), w.Spinal.ToString("0"), bar);
        }
        return table;
    }

    public static Table Alerts(IReadOnlyList<StoredAlert> alerts, IReadOnlyList<LedgerEntry> ledger)
    {
        var table = new Table().RoundedBorder().AddColumns("date", "rule", "tier", "email", "evidence");
        foreach (var a in alerts)
        {
            var sends = ledger
                .Where(l => l.Key.StartsWith(LedgerKeys.AlertPrefix(a.Alert.Key), StringComparison.Ordinal))
                .Select(l => $"{l.Key[(l.Key.LastIndexOf('|') + 1)..]}: {l.Status.ToString().ToLowerInvariant()}")
                .ToList();
            var email =
                sends.Count > 0 ? string.Join(", ", sends)
                : a.Notify ? "queued"
                : $"not sent ({a.SuppressedBecause})";
            table.AddRow(
                Markup.Escape(a.Alert.Date.ToString("yyyy-MM-dd")),
                Markup.Escape(a.Alert.Rule),
                a.Alert.Tier.ToString().ToLowerInvariant(),
                Markup.Escape(email),
                Markup.Escape(a.Alert.Evidence)
            );
        }
        return table;
    }
}
