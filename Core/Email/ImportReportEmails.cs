using System.Text;
using BackSignal.Core.Import;
using BackSignal.Core.Localization;

namespace BackSignal.Core.Email;

/// <summary>
/// The reply to a mailed or linked export: what each file gave (workouts, days covered), what was skipped and why
/// (line and reason), and the exercise names BackSignal did not know. Transactional, to the athlete only.
/// </summary>
public static class ImportReportEmails
{
    private const int MaxRowsShown = 20;

    /// <summary>
    /// The report in the athlete's language (<paramref name="safety"/>, English when not given). The readers' own
    /// messages about a line (what is wrong with a value) stay in English: they name the file's columns and values.
    /// </summary>
    public static OutgoingEmail Render(
        string to,
        IReadOnlyList<IngestionReport> reports,
        string athleteRef,
        SafetyLines? safety = null
    )
    {
        safety ??= SafetyLines.English;
        var words = safety.Words;
        var workouts = reports.Sum(r => r.Workouts);
        var failed = reports.Count(r => r.Status == IngestionReport.Failed);
        var subject =
            failed == reports.Count
                ? words["Report.Subject.Failed"]
                : words["Report.Subject", words.Count("Report.Workouts", workouts)];
        var html = new HtmlWriter();
        var text = new StringBuilder();
        foreach (var r in reports)
        {
            var line = Summary(r, words);
            html.Add(EmailLayout.Paragraph($"{r.FileName}: {line}", "margin:0 0 8px;font-weight:bold;"));
            text.AppendLine($"{r.FileName}: {line}");
            foreach (var row in r.Rejected.Take(MaxRowsShown))
            {
                var skipped = words["Report.Skipped", row.Line, row.Reason];
                html.Add(EmailLayout.Paragraph(skipped, "margin:0 0 4px;font-size:13px;"));
                text.AppendLine($"  {skipped}");
            }
            if (r.RejectedCount > MaxRowsShown)
            {
                var more = words["Report.More", r.RejectedCount - MaxRowsShown];
                html.Add(EmailLayout.Paragraph(more));
                text.AppendLine($"  {more}");
            }
            if (r.UnknownExercises.Count > 0)
            {
                var names = string.Join(", ", r.UnknownExercises.Take(MaxRowsShown).Select(u => u.Name));
                html.Add(EmailLayout.Paragraph(words["Report.Unknown", names]));
                text.AppendLine($"  {words["Report.Unknown", names]}");
            }
        }
        html.Add(EmailLayout.Paragraph(words["Report.Recomputed"]));
        text.AppendLine(words["Report.Recomputed"]);
        return new OutgoingEmail(
            to,
            subject,
            EmailLayout.Html(subject, "#2563eb", html.ToHtml(), safety),
            text.ToString(),
            "import-report",
            new Dictionary<string, string> { ["athleteRef"] = athleteRef }
        )
        {
            Language = words.Language,
        };
    }

    private static string Summary(IngestionReport r, Words words)
    {
        if (r.Status == IngestionReport.Failed)
            return words["Report.NotImported", r.Error];
        var days =
            r.FirstDay is { } first && r.LastDay is { } last
                ? words[
                    "Report.Days",
                    first.ToString("d MMM yyyy", words.Culture),
                    last.ToString("d MMM yyyy", words.Culture)
                ]
                : "";
        return words["Report.Summary", r.Workouts, r.Sets, days, r.RejectedCount, r.WarningCount];
    }
}
