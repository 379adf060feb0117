using System.Globalization;
using System.Text;
using BackSignal.Core.Email;
using static BackSignal.Core.Weekly.WeeklyEmails;

namespace BackSignal.Core.Weekly;

/// <summary>
/// The coach's weekly digest: every athlete's week in one table, the ones who need attention first. In English: a
/// coach has no profile to keep a language in yet (docs/languages.md#texts).
/// </summary>
public static class DigestEmails
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static OutgoingEmail RenderDigest(
        string to,
        IsoWeek week,
        IReadOnlyList<DigestRow> rows,
        string coachRef,
        int? unsubscribeGroup
    )
    {
        var ordered = rows.OrderByDescending(r => r.Priority).ThenBy(r => r.Athlete, StringComparer.Ordinal).ToList();
        var body = new HtmlWriter();
        body.Add(
            EmailLayout.Paragraph(
                $"Your athletes' week {week} ({week.Monday:yyyy-MM-dd} to {week.Sunday:yyyy-MM-dd}), the ones who "
                    + $"need attention first.",
                "margin:0 0 12px;font-weight:bold;"
            )
        );
        body.Add(
            $"<table role=\"presentation\" width=\"100%\" cellpadding=\"6\" cellspacing=\"0\" "
                + $"style=\"border-collapse:collapse;font-size:13px;\">"
        );
        body.Add(Row(true, "athlete", "weekly load", "vs usual", "ACWR", "spinal vs usual", "alerts"));
        var text = new StringBuilder().AppendLine($"Your athletes' week {week}").AppendLine();
        foreach (var r in ordered)
        {
            var alerts = string.Join(
                ", ",
                r.OverloadAlerts.Concat(
                    r.SharedDoctorAlert is { } doctor ? [$"see-a-doctor alert this week: {doctor}"] : []
                )
            );
            body.Add(
                Row(
                    false,
                    r.Athlete,
                    r.WeeklyLoad.ToString("0", Invariant),
                    Percent(r.LoadChange),
                    Number(r.AcwrEwma, "0.00"),
                    Percent(r.SpinalLoadChange),
                    alerts.Length == 0 ? "–" : alerts
                )
            );
            text.AppendLine(
                $"- {r.Athlete}: load {r.WeeklyLoad:0} AU ({Percent(r.LoadChange)}), "
                    + $"ACWR {Number(r.AcwrEwma, "0.00")}, "
                    + $"spinal {Percent(r.SpinalLoadChange)}; alerts: {(alerts.Length == 0 ? "none" : alerts)}"
            );
        }
        body.Add($"</table>");
        body.Add(
            EmailLayout.Paragraph(
                "Alerts from pain and see-a-doctor alerts appear only for athletes who chose to share them "
                    + "with you, and then only their tier and day: never a pain score or a symptom.",
                "margin:8px 0;color:#6b7280;font-size:12px;"
            )
        );
        text.AppendLine()
            .AppendLine("Alerts from pain and see-a-doctor alerts appear only for athletes who share them with you.")
            .AppendLine("--")
            .AppendLine(EmailLayout.NotADiagnosis());
        return new OutgoingEmail(
            to,
            $"BackSignal: your athletes' week {week}",
            EmailLayout.Html($"Your athletes' week {week}", "#1d4ed8", body.ToHtml()),
            text.ToString(),
            "coach-digest",
            new Dictionary<string, string> { ["coachRef"] = coachRef, ["week"] = week.ToString() }
        )
        {
            UnsubscribeGroupId = unsubscribeGroup,
        };
    }
}
