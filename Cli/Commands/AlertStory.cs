using BackSignal.Core.Messaging;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using Spectre.Console;

namespace BackSignal.Cli.Commands;

/// <summary>
/// Alerts as a reader takes them in: the ones that went out first, see-a-doctor tiers before overload, each as a
/// short block that wraps at any width (80 columns included); everything else as one line of counts.
/// </summary>
internal static class AlertStory
{
    public static void Print(IReadOnlyList<StoredAlert> alerts, IReadOnlyList<LedgerEntry> ledger)
    {
        var emailed = alerts
            .Where(a => a.Notify)
            .OrderByDescending(a => a.Alert.Tier)
            .ThenByDescending(a => a.Alert.Date)
            .ThenBy(a => a.Alert.Rule, StringComparer.Ordinal)
            .ToList();
        if (emailed.Count == 0)
            AnsiConsole.MarkupLine("No alert was emailed.");
        foreach (var a in emailed)
            AnsiConsole.Write(Block(a, ledger));

        var held = alerts.Where(a => !a.Notify).ToList();
        if (held.Count == 0)
            return;
        var reasons = held.GroupBy(a => Reason(a.SuppressedBecause))
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {g.Count()}");
        var older = held.Count == 1 ? "alert" : "alerts";
        var why = string.Join(", ", reasons);
        AnsiConsole.MarkupLineInterpolated($"{held.Count} older {older} stored, not emailed: {why}.");
    }

    /// <summary>Alerts of an analysis (nothing sent): one block each, the most recent last.</summary>
    public static void Print(IReadOnlyList<Alert> alerts, int most)
    {
        if (alerts.Count > most)
            AnsiConsole.MarkupLineInterpolated(
                $"The last {most} of {alerts.Count} alerts (all of them with --format json):"
            );
        foreach (var alert in alerts.TakeLast(most))
            AnsiConsole.Write(Block(alert, null));
    }

    private static Panel Block(StoredAlert stored, IReadOnlyList<LedgerEntry> ledger) => Block(stored.Alert, ledger);

    /// <summary>The console colour of a tier, the same wherever an alert is shown.</summary>
    public static string Colour(AlertTier tier) =>
        tier switch
        {
            AlertTier.Emergency => "red",
            AlertTier.Urgent => "darkorange",
            AlertTier.Soon => "yellow",
            _ => "blue",
        };

    private static Panel Block(Alert alert, IReadOnlyList<LedgerEntry>? ledger)
    {
        var colour = Colour(alert.Tier);
        var prefix = LedgerKeys.AlertPrefix(alert.Key);
        var sends = (ledger ?? [])
            .Where(l => l.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => $"{l.Key[(l.Key.LastIndexOf('|') + 1)..]} {l.Status.ToString().ToLowerInvariant()}")
            .ToList();
        var email = ledger is null ? "" : $" · email: {(sends.Count > 0 ? string.Join(", ", sends) : "queued")}";
        var body = new Rows(
            new Markup(
                $"[grey]{alert.Date:yyyy-MM-dd} · {Markup.Escape(alert.Rule)} · "
                    + $"{alert.Tier.ToString().ToLowerInvariant()}"
                    + $"{Markup.Escape(email)}[/]"
            ),
            new Markup(Markup.Escape(alert.Evidence)),
            new Markup($"[bold]What to do:[/] {Markup.Escape(alert.Advice)}")
        );
        return new Panel(body)
        {
            Header = new PanelHeader($"[bold {colour}] {Markup.Escape(alert.Title)} [/]"),
            Border = BoxBorder.Rounded,
            BorderStyle = new Style(alert.IsDoctorAlert ? Color.Olive : Color.Blue),
            Expand = true,
        };
    }

    /// <summary>The kind of a suppression reason ("backfill: …" → "backfill").</summary>
    private static string Reason(string? suppressed) => suppressed?.Split(':')[0] ?? "not decided";
}
