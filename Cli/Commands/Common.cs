using BackSignal.Core.Configuration;
using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackSignal.Cli.Commands;

internal static class Services
{
    /// <summary>Core's services against the configured storage (Azurite by default), with tables and queues created.</summary>
    public static async Task<ServiceProvider> ConnectAsync(IConfiguration configuration, CancellationToken ct)
    {
        var services = new ServiceCollection().AddLogging().AddBackSignalCore(configuration).BuildServiceProvider();
        await StorageInitializer.EnsureCreatedAsync(services.GetRequiredService<StorageClients>(), ct);
        return services;
    }
}

internal static class Tables
{
    public static Table Days(IReadOnlyList<DayMetrics> metrics)
    {
        var table = new Table().RoundedBorder()
            .AddColumns("date", "load (AU)", "acute (7-d EWMA)", "chronic (28-d EWMA)", "ACWR", "spinal kg*", "spinal ACWR", "week vs week")
            .Caption("ACWR (acute:chronic ratio) above 1.5 is a warning sign, not a prediction; it means little in the first "
                + "4 weeks or after a break. *spinal load is BackSignal's relative weighting, not a measured force.");
        foreach (var m in metrics)
        {
            var ratio = m.AcwrEwma is { } r ? r.ToString("0.00") : "–";
            if (m.AcwrEwma > 1.5) ratio = $"[red]{ratio}[/]";
            else if (m.AcwrEwma > 1.3) ratio = $"[yellow]{ratio}[/]";
            table.AddRow(m.Date.ToString("yyyy-MM-dd ddd"), m.Load.ToString("0"), m.AcuteEwma.ToString("0"), m.ChronicEwma.ToString("0"), ratio,
                m.SpinalLoad.ToString("0"), m.SpinalAcwrEwma?.ToString("0.00") ?? "–", m.WeeklyLoadChange is { } w ? w.ToString("+0%;-0%;0%") : "–");
        }
        return table;
    }

    public static Table Analysis(IReadOnlyList<ComputedDay> days)
    {
        var table = new Table().RoundedBorder()
            .AddColumns("date", "load (AU)", "method", "volume kg", "spinal kg*", "ACWR", "monotony", "CTL", "ATL", "TSB")
            .Caption("ACWR: 7-day over 28-day EWMA; above 1.5 is a spike. *spinal load is a heuristic of BackSignal.");
        foreach (var d in days)
        {
            var m = d.Metrics;
            var ratio = m.AcwrEwma is { } r ? r.ToString("0.00") : "–";
            if (m.AcwrEwma > 1.5) ratio = $"[red]{ratio}[/]";
            else if (m.AcwrEwma > 1.3) ratio = $"[yellow]{ratio}[/]";
            table.AddRow(d.Day.Date.ToString("yyyy-MM-dd ddd"), d.Day.Load.ToString("0"), d.Day.LoadMethod is { } lm ? LoadMethods.Name(lm) : "–",
                d.Day.VolumeLoadKg.ToString("0"), d.Day.SpinalLoadKg.ToString("0"), ratio, m.Monotony?.ToString("0.00") ?? "–",
                m.Ctl.ToString("0.0"), m.Atl.ToString("0.0"), m.Tsb.ToString("0.0"));
        }
        return table;
    }

    public static Table Alerts(IReadOnlyList<StoredAlert> alerts, IReadOnlyList<LedgerEntry> ledger)
    {
        var table = new Table().RoundedBorder().AddColumns("date", "rule", "tier", "email", "evidence");
        foreach (var a in alerts)
        {
            var sends = ledger.Where(l => l.Key.StartsWith($"{EmailRequest.AlertKind}|{a.Alert.Key}|", StringComparison.Ordinal))
                .Select(l => $"{l.Key[(l.Key.LastIndexOf('|') + 1)..]}: {l.Status.ToString().ToLowerInvariant()}").ToList();
            var email = sends.Count > 0 ? string.Join(", ", sends) : a.Notify ? "queued" : $"not sent ({a.SuppressedBecause})";
            table.AddRow(Markup.Escape(a.Alert.Date.ToString("yyyy-MM-dd")), Markup.Escape(a.Alert.Rule), a.Alert.Tier.ToString().ToLowerInvariant(),
                Markup.Escape(email), Markup.Escape(a.Alert.Evidence));
        }
        return table;
    }
}
