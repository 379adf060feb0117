using System.Globalization;
using System.Text;
using BackSignal.Core.Import;

namespace BackSignal.Core.Email;

/// <summary>
/// The reply to a mailed or linked export: what each file gave (workouts, days covered), what was skipped and why
/// (line and reason), and the exercise names BackSignal did not know. Transactional, to the athlete only.
/// </summary>
public static class ImportReportEmails
{
    private const int MaxRowsShown = 20;

    public static OutgoingEmail Render(string to, IReadOnlyList<IngestionReport> reports, string athleteRef)
    {
        var workouts = reports.Sum(r => r.Workouts);
        var failed = reports.Count(r => r.Status == IngestionReport.Failed);
        var subject =
            failed == reports.Count
                ? "BackSignal could not read your export"
                : $"BackSignal imported your export: {workouts} workout{(workouts == 1 ? "" : "s")}";
        var html = new HtmlWriter();
        var text = new StringBuilder();
        foreach (var r in reports)
        {
            var line = Summary(r);
            html.Add(EmailLayout.Paragraph($"{r.FileName}: {line}", "margin:0 0 8px;font-weight:bold;"));
            text.AppendLine($"{r.FileName}: {line}");
            foreach (var row in r.Rejected.Take(MaxRowsShown))
            {
                html.Add(
                    EmailLayout.Paragraph($"Skipped line {row.Line}: {row.Reason}", "margin:0 0 4px;font-size:13px;")
                );
                text.AppendLine($"  skipped line {row.Line}: {row.Reason}");
            }
            if (r.RejectedCount > MaxRowsShown)
            {
                html.Add(EmailLayout.Paragraph($"… and {r.RejectedCount - MaxRowsShown} more skipped rows."));
                text.AppendLine($"  … and {r.RejectedCount - MaxRowsShown} more skipped rows.");
            }
            if (r.UnknownExercises.Count > 0)
            {
                var names = string.Join(", ", r.UnknownExercises.Take(MaxRowsShown).Select(u => u.Name));
                html.Add(
                    EmailLayout.Paragraph(
                        $"Exercises BackSignal does not know (counted without a spine factor): {names}"
                    )
                );
                text.AppendLine($"  Unknown exercises: {names}");
            }
        }
        html.Add(EmailLayout.Paragraph("Your days, ratios and any alerts are recomputed from these workouts."));
        text.AppendLine("Your days, ratios and any alerts are recomputed from these workouts.");
        return new OutgoingEmail(
            to,
            subject,
            EmailLayout.Html(subject, "#2563eb", html.ToHtml()),
            text.ToString(),
            "import-report",
            new Dictionary<string, string> { ["athleteRef"] = athleteRef }
        );
    }

    private static string Summary(IngestionReport r)
    {
        if (r.Status == IngestionReport.Failed)
            return $"not imported ({r.Error})";
        var days =
            r.FirstDay is { } first && r.LastDay is { } last
                ? $", {first.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} to "
                    + last.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
                : "";
        return $"{r.Workouts} workouts, {r.Sets} sets{days}; {r.RejectedCount} rows skipped, "
            + $"{r.WarningCount} values dropped";
    }
}
