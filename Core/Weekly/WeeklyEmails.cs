using System.Globalization;
using System.Text;
using BackSignal.Core.Email;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Weekly;

/// <summary>
/// Renders the weekly summary (athlete) and the weekly digest (coach): table layout, inline styles, the chart inline.
/// </summary>
public static class WeeklyEmails
{
    public const string ChartContentId = "weekly-chart";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Subject(WeeklySummary s) =>
        $"BackSignal: your week {s.Week} ({s.Week.Monday:d MMM} – {s.Week.Sunday:d MMM})";

    /// <summary>
    /// The HTML body; <paramref name="chartSource"/> is <c>cid:weekly-chart</c> in email, a data URI in a local report.
    /// </summary>
    public static string Html(WeeklySummary s, string chartSource)
    {
        var body = new HtmlWriter();
        body.Add(
            EmailLayout.Paragraph(
                $"Hello {s.Name}, here is your training week {s.Week} ({s.Week.Monday:yyyy-MM-dd} to "
                    + $"{s.Week.Sunday:yyyy-MM-dd}).",
                "margin:0 0 12px;font-weight:bold;"
            )
        );
        body.Add(Heading("Next week")).Add(EmailLayout.Paragraph(s.NextWeek));
        if (s.NextWeekRange is { } range)
            body.Add(EmailLayout.Paragraph(range));
        foreach (var note in s.Planned.Concat(s.TechniqueNotes))
            body.Add(EmailLayout.Paragraph(note));
        body.Add(Heading("The week against your usual weeks"));
        body.Add(
            $"<table role=\"presentation\" width=\"100%\" cellpadding=\"6\" cellspacing=\"0\" "
                + $"style=\"border-collapse:collapse;font-size:14px;\">"
        );
        body.Add(Row(true, "", "this week", "usual week", "change"));
        body.Add(Row(false, "Sessions", s.Sessions.ToString(Invariant), "", ""));
        body.Add(Compare("Training load (AU)", s.Load, "0"));
        body.Add(Compare("Volume load (kg)", s.VolumeLoadKg, "#,0"));
        body.Add(Compare("Spinal load (kg)*", s.SpinalLoadKg, "#,0"));
        body.Add($"</table>");
        if (!s.HasHistory)
            body.Add(
                EmailLayout.Paragraph(
                    "No earlier weeks to compare with yet: the comparisons start after four weeks of training.",
                    "margin:8px 0;color:#6b7280;font-size:13px;"
                )
            );

        body.Add(Heading("Acute:chronic ratio, monotony, strain"));
        body.Add(
            EmailLayout.Paragraph(
                s.RatiosMeaningful
                    ? $"Training load ACWR {Number(s.AcwrEwma, "0.00")} ({s.Alerting.Band(s.AcwrEwma)}); "
                        + $"spinal load ACWR {Number(s.SpinalAcwrEwma, "0.00")} "
                        + $"({s.Alerting.Band(s.SpinalAcwrEwma)}). Above about "
                        + $"{s.Alerting.AcwrRising.ToString("0.0#", Invariant)} load is rising "
                        + $"faster than usual; above {s.Alerting.AcwrSpike.ToString("0.0#", Invariant)} is a warning "
                        + "sign, not a prediction. Spinal load is BackSignal's relative weighting and swings from day "
                        + "to day."
                    : "Not shown yet: ratios mean little before four weeks of continuous training, or just after a "
                        + "break."
            )
        );
        body.Add(
            EmailLayout.Paragraph(
                $"Monotony {Number(s.Monotony, "0.00")} and strain {Number(s.Strain, "#,0")} (monotony above 2 means "
                    + "the days are too alike)."
            )
        );

        body.Add(Heading("Pain"));
        body.Add(
            EmailLayout.Paragraph(
                s.PainAverage is { } pain
                    ? $"Average pain {pain.ToString("0.0", Invariant)}/10 over {CheckIns(s.Checkins)}"
                        + (
                            s.PainAveragePreviousWeek is { } before
                                ? $" (the week before: {before.ToString("0.0", Invariant)}/10)."
                                : "."
                        )
                    : "No check-ins this week."
            )
        );

        body.Add(Heading("Alerts this week"));
        if (s.Alerts.Count == 0)
            body.Add(EmailLayout.Paragraph("None."));
        foreach (var (rule, latest, count) in ByRule(s.Alerts))
            body.Add(
                EmailLayout.Paragraph(
                    $"{rule} ({Days(count)}, last on {latest.Date:ddd d MMM}): {latest.Evidence} {latest.Advice}",
                    "margin:0 0 8px;font-size:14px;"
                )
            );

        body.Add(Heading("Eight weeks"));
        body.Add(
            $"<img src=\"{chartSource}\" width=\"{WeeklyChart.Width}\" height=\"{WeeklyChart.Height}\" "
                + $"alt=\"Daily load as bars, acute and chronic load as lines, pain as red points, over the last "
                + $"eight weeks\" "
                + $"style=\"display:block;width:100%;max-width:{WeeklyChart.Width}px;height:auto;border:0;\">"
        );
        body.Add(
            EmailLayout.Paragraph(
                "*Spinal load is BackSignal's estimate: volume weighted by how much each exercise loads the spine.",
                "margin:8px 0;color:#6b7280;font-size:12px;"
            )
        );
        return EmailLayout.Html($"Your week {s.Week}", "#1d4ed8", body.ToHtml());
    }

    public static string Text(WeeklySummary s)
    {
        var text = new StringBuilder()
            .AppendLine($"Your training week {s.Week} ({s.Week.Monday:yyyy-MM-dd} to {s.Week.Sunday:yyyy-MM-dd})")
            .AppendLine()
            .AppendLine("Next week: " + s.NextWeek)
            .AppendLine(s.NextWeekRange ?? "")
            .AppendLine(string.Join(Environment.NewLine, s.Planned.Concat(s.TechniqueNotes)))
            .AppendLine()
            .AppendLine($"Sessions: {s.Sessions}")
            .AppendLine(CompareText("Training load (AU)", s.Load, "0"))
            .AppendLine(CompareText("Volume load (kg)", s.VolumeLoadKg, "#,0"))
            .AppendLine(CompareText("Spinal load (kg, BackSignal's estimate)", s.SpinalLoadKg, "#,0"))
            .AppendLine(
                s.RatiosMeaningful
                    ? $"ACWR: training load {Number(s.AcwrEwma, "0.00")} ({s.Alerting.Band(s.AcwrEwma)}), "
                        + $"spinal load {Number(s.SpinalAcwrEwma, "0.00")} ({s.Alerting.Band(s.SpinalAcwrEwma)})"
                    : "ACWR: not shown before four weeks of continuous training"
            )
            .AppendLine($"Monotony {Number(s.Monotony, "0.00")}, strain {Number(s.Strain, "#,0")}")
            .AppendLine(
                s.PainAverage is { } pain
                    ? $"Average pain {pain.ToString("0.0", Invariant)}/10 over {CheckIns(s.Checkins)}"
                    : "No check-ins this week."
            )
            .AppendLine()
            .AppendLine("Alerts this week:");
        if (s.Alerts.Count == 0)
            text.AppendLine("None.");
        foreach (var (rule, latest, count) in ByRule(s.Alerts))
            text.AppendLine(
                $"- {rule} ({Days(count)}, last on {latest.Date:yyyy-MM-dd}): {latest.Evidence} {latest.Advice}"
            );
        return text.AppendLine().AppendLine("--").AppendLine(EmailLayout.NotADiagnosis()).ToString();
    }

    public static OutgoingEmail Render(
        string to,
        WeeklySummary s,
        byte[] chartPng,
        string athleteRef,
        int? unsubscribeGroup
    ) =>
        new(
            to,
            Subject(s),
            Html(s, "cid:" + ChartContentId),
            Text(s),
            "weekly-summary",
            new Dictionary<string, string> { ["athleteRef"] = athleteRef, ["week"] = s.Week.ToString() }
        )
        {
            InlineImages = [new InlineImage(ChartContentId, $"backsignal-{s.Week}.png", "image/png", chartPng)],
            UnsubscribeGroupId = unsubscribeGroup,
        };

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

    /// <summary>
    /// A rule that fired on several days is shown once, by its title (never its id), with its latest evidence.
    /// </summary>
    private static IEnumerable<(string Title, Rules.Alert Latest, int Days)> ByRule(
        IReadOnlyList<Rules.Alert> alerts
    ) =>
        alerts
            .GroupBy(a => a.Rule)
            .Select(g => (g.Last().Title, g.OrderBy(a => a.Date).Last(), g.Count()))
            .OrderByDescending(x => x.Item2.Tier)
            .ThenBy(x => x.Item2.Date);

    private static string Days(int count) => count == 1 ? "1 day" : $"{count} days";

    private static string CheckIns(int count) => count == 1 ? "1 check-in" : $"{count} check-ins";

    private static Html Heading(string text) =>
        Email.Html.Of($"<h2 style=\"font-size:16px;margin:18px 0 6px;\">{text}</h2>");

    private static Html Row(bool header, params string[] cells)
    {
        var style = header
            ? "text-align:left;border-bottom:2px solid #d1d5db;color:#374151;"
            : "border-bottom:1px solid #e5e7eb;";
        var tag = header ? Email.Html.Of($"th") : Email.Html.Of($"td");
        var row = cells.Select(c => Email.Html.Of($"<{tag} style=\"{style}\">{c}</{tag}>"));
        return Email.Html.Of($"<tr>{row}</tr>");
    }

    private static Html Compare(string label, WeekComparison c, string format) =>
        Row(
            false,
            label,
            c.ThisWeek.ToString(format, Invariant),
            c.UsualMean is { } m ? m.ToString(format, Invariant) : "–",
            Percent(c.Change)
        );

    private static string CompareText(string label, WeekComparison c, string format) =>
        $"{label}: {c.ThisWeek.ToString(format, Invariant)}"
        + (
            c.UsualMean is { } m
                ? $" (usual week {m.ToString(format, Invariant)}, {Percent(c.Change)})"
                : " (no earlier weeks yet)"
        );

    private static string Number(double? value, string format) => value is { } v ? v.ToString(format, Invariant) : "–";

    public static string Percent(double? change) => change is { } c ? c.ToString("+0%;-0%;0%", Invariant) : "–";
}
