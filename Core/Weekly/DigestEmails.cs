using System.Text;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
using static BackSignal.Core.Weekly.WeeklyEmails;

namespace BackSignal.Core.Weekly;

/// <summary>
/// The coach's weekly digest: every athlete's week in one table, the ones who need attention first, in the coach's
/// language (their browser's on their last visit to their page; English before it: docs/languages.md#texts).
/// </summary>
public static class DigestEmails
{
    public static OutgoingEmail RenderDigest(
        string to,
        IsoWeek week,
        IReadOnlyList<DigestRow> rows,
        string coachRef,
        int? unsubscribeGroup,
        Words? words = null
    )
    {
        var w = words ?? Words.English;
        var safety = new SafetyLines(w, null);
        var ordered = rows.OrderByDescending(r => r.Priority).ThenBy(r => r.Athlete, StringComparer.Ordinal).ToList();
        var body = new HtmlWriter();
        body.Add(
            EmailLayout.Paragraph(
                w["Digest.Lead", week, w.Date(week.Monday), w.Date(week.Sunday)],
                "margin:0 0 12px;font-weight:bold;"
            )
        );
        body.Add(
            $"<table role=\"presentation\" width=\"100%\" cellpadding=\"6\" cellspacing=\"0\" "
                + $"style=\"border-collapse:collapse;font-size:13px;\">"
        );
        body.Add(
            Row(
                true,
                w["Digest.Column.Athlete"],
                w["Digest.Column.Load"],
                w["Digest.Column.Change"],
                "ACWR",
                w["Digest.Column.Spinal"],
                w["Digest.Column.Alerts"]
            )
        );
        var text = new StringBuilder().AppendLine(w["Digest.Title", week]).AppendLine();
        foreach (var r in ordered)
        {
            var alerts = string.Join(
                ", ",
                r.OverloadAlerts.Concat(r.SharedDoctorAlert is { } doctor ? [w["Digest.Doctor", doctor]] : [])
            );
            body.Add(
                Row(
                    false,
                    r.Athlete,
                    r.WeeklyLoad.ToString("0", w.Culture),
                    Percent(r.LoadChange),
                    Number(r.AcwrEwma, "0.00", w),
                    Percent(r.SpinalLoadChange),
                    alerts.Length == 0 ? "–" : alerts
                )
            );
            text.AppendLine(
                "- "
                    + w[
                        "Digest.Text.Row",
                        r.Athlete,
                        r.WeeklyLoad.ToString("0", w.Culture),
                        Percent(r.LoadChange),
                        Number(r.AcwrEwma, "0.00", w),
                        Percent(r.SpinalLoadChange),
                        alerts.Length == 0 ? w["Digest.None"] : alerts
                    ]
            );
        }
        body.Add($"</table>");
        body.Add(EmailLayout.Paragraph(w["Digest.Note"], "margin:8px 0;color:#6b7280;font-size:12px;"));
        text.AppendLine()
            .AppendLine(w["Digest.Note.Text"])
            .AppendLine("--")
            .AppendLine(EmailLayout.NotADiagnosis(safety));
        return new OutgoingEmail(
            to,
            w["Digest.Subject", week],
            EmailLayout.Html(w["Digest.Title", week], "#1d4ed8", body.ToHtml(), safety),
            text.ToString(),
            "coach-digest",
            new Dictionary<string, string> { ["coachRef"] = coachRef, ["week"] = week.ToString() }
        )
        {
            UnsubscribeGroupId = unsubscribeGroup,
            Language = w.Language,
        };
    }
}
