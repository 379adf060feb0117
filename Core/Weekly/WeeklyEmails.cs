using System.Globalization;
using System.Text;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Weekly;

/// <summary>
/// Renders the weekly summary (athlete) and the weekly digest (coach): table layout, inline styles, the chart inline.
/// </summary>
public static class WeeklyEmails
{
    public const string ChartContentId = "weekly-chart";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Subject(WeeklySummary s)
    {
        var w = Words.For(s.Language);
        return w[
            "Weekly.Subject",
            s.Week,
            s.Week.Monday.ToString(w["Format.DayMonth"], w.Culture),
            s.Week.Sunday.ToString(w["Format.DayMonth"], w.Culture)
        ];
    }

    /// <summary>
    /// The HTML body in the athlete's language; <paramref name="chartSource"/> is <c>cid:weekly-chart</c> in email, a
    /// data URI in a local report.
    /// </summary>
    public static string Html(WeeklySummary s, string chartSource)
    {
        var safety = new SafetyLines(Words.For(s.Language), s.Country);
        var w = safety.Words;
        var body = new HtmlWriter();
        body.Add(
            EmailLayout.Paragraph(
                w["Weekly.Hello", s.Name, s.Week, w.Date(s.Week.Monday), w.Date(s.Week.Sunday)],
                "margin:0 0 12px;font-weight:bold;"
            )
        );
        body.Add(Heading(w["Me.NextWeek"])).Add(EmailLayout.Paragraph(s.NextWeek));
        if (s.NextWeekRange is { } range)
            body.Add(EmailLayout.Paragraph(range));
        foreach (var note in s.Planned.Concat(s.TechniqueNotes))
            body.Add(EmailLayout.Paragraph(note));
        body.Add(Heading(w["Weekly.AgainstUsual"]));
        body.Add(
            $"<table role=\"presentation\" width=\"100%\" cellpadding=\"6\" cellspacing=\"0\" "
                + $"style=\"border-collapse:collapse;font-size:14px;\">"
        );
        body.Add(Row(true, "", w["Weekly.Column.ThisWeek"], w["Weekly.Column.Usual"], w["Weekly.Column.Change"]));
        body.Add(Row(false, w["Me.Sessions"], s.Sessions.ToString(w.Culture), "", ""));
        body.Add(Compare(w["Me.Load"], s.Load, "0", w));
        body.Add(Compare(w["Weekly.Volume"], s.VolumeLoadKg, "#,0", w));
        body.Add(Compare(w["Weekly.Spinal"] + "*", s.SpinalLoadKg, "#,0", w));
        body.Add($"</table>");
        if (!s.HasHistory)
            body.Add(EmailLayout.Paragraph(w["Weekly.NoHistory"], "margin:8px 0;color:#6b7280;font-size:13px;"));

        body.Add(Heading(w["Weekly.Ratios"]));
        body.Add(
            EmailLayout.Paragraph(
                s.RatiosMeaningful
                    ? w[
                        "Weekly.Ratios.Shown",
                        Number(s.AcwrEwma, "0.00", w),
                        Band(s, s.AcwrEwma, w),
                        Number(s.SpinalAcwrEwma, "0.00", w),
                        Band(s, s.SpinalAcwrEwma, w),
                        s.Alerting.AcwrRising.ToString("0.0#", w.Culture),
                        s.Alerting.AcwrSpike.ToString("0.0#", w.Culture)
                    ]
                    : w["Weekly.Ratios.NotYet"]
            )
        );
        body.Add(
            EmailLayout.Paragraph(w["Weekly.Monotony", Number(s.Monotony, "0.00", w), Number(s.Strain, "#,0", w)])
        );

        body.Add(Heading(w["Weekly.Pain"]));
        body.Add(EmailLayout.Paragraph(Pain(s, w)));

        body.Add(Heading(w["Weekly.Alerts"]));
        if (s.Alerts.Count == 0)
            body.Add(EmailLayout.Paragraph(w["Me.None"]));
        foreach (var (rule, latest, count) in ByRule(s.Alerts, w))
            body.Add(
                EmailLayout.Paragraph(
                    w[
                        "Weekly.Alert",
                        rule,
                        w.Count("Weekly.Days", count),
                        latest.Date.ToString("ddd d MMM", w.Culture),
                        latest.Evidence,
                        latest.Advice
                    ],
                    "margin:0 0 8px;font-size:14px;"
                )
            );

        body.Add(Heading(w["Weekly.EightWeeks"]));
        body.Add(
            $"<img src=\"{chartSource}\" width=\"{WeeklyChart.Width}\" height=\"{WeeklyChart.Height}\" "
                + $"alt=\"{w["Weekly.ChartAlt"]}\" "
                + $"style=\"display:block;width:100%;max-width:{WeeklyChart.Width}px;height:auto;border:0;\">"
        );
        body.Add(EmailLayout.Paragraph(w["Weekly.SpinalNote"], "margin:8px 0;color:#6b7280;font-size:12px;"));
        return EmailLayout.Html(w["Weekly.Title", s.Week], "#1d4ed8", body.ToHtml(), safety);
    }

    public static string Text(WeeklySummary s)
    {
        var safety = new SafetyLines(Words.For(s.Language), s.Country);
        var w = safety.Words;
        var text = new StringBuilder()
            .AppendLine(w["Weekly.TextTitle", s.Week, w.Date(s.Week.Monday), w.Date(s.Week.Sunday)])
            .AppendLine()
            .AppendLine($"{w["Me.NextWeek"]}: {s.NextWeek}")
            .AppendLine(s.NextWeekRange ?? "")
            .AppendLine(string.Join(Environment.NewLine, s.Planned.Concat(s.TechniqueNotes)))
            .AppendLine()
            .AppendLine($"{w["Me.Sessions"]}: {s.Sessions}")
            .AppendLine(CompareText(w["Me.Load"], s.Load, "0", w))
            .AppendLine(CompareText(w["Weekly.Volume"], s.VolumeLoadKg, "#,0", w))
            .AppendLine(CompareText(w["Weekly.Spinal.Estimate"], s.SpinalLoadKg, "#,0", w))
            .AppendLine(
                s.RatiosMeaningful
                    ? w[
                        "Weekly.Ratios.Text",
                        Number(s.AcwrEwma, "0.00", w),
                        Band(s, s.AcwrEwma, w),
                        Number(s.SpinalAcwrEwma, "0.00", w),
                        Band(s, s.SpinalAcwrEwma, w)
                    ]
                    : w["Weekly.Ratios.Text.NotYet"]
            )
            .AppendLine(w["Weekly.Monotony.Text", Number(s.Monotony, "0.00", w), Number(s.Strain, "#,0", w)])
            .AppendLine(Pain(s, w))
            .AppendLine()
            .AppendLine($"{w["Weekly.Alerts"]}:");
        if (s.Alerts.Count == 0)
            text.AppendLine(w["Me.None"]);
        foreach (var (rule, latest, count) in ByRule(s.Alerts, w))
            text.AppendLine(
                "- "
                    + w[
                        "Weekly.Alert",
                        rule,
                        w.Count("Weekly.Days", count),
                        w.Date(latest.Date),
                        latest.Evidence,
                        latest.Advice
                    ]
            );
        return text.AppendLine().AppendLine("--").AppendLine(EmailLayout.NotADiagnosis(safety)).ToString();
    }

    private static string Pain(WeeklySummary s, Words w) =>
        s.PainAverage is { } pain
            ? w[
                s.PainAveragePreviousWeek is null ? "Weekly.PainAverage" : "Weekly.PainAverage.Before",
                pain.ToString("0.0", w.Culture),
                w.Count("Weekly.Checkins", s.Checkins),
                s.PainAveragePreviousWeek?.ToString("0.0", w.Culture)
            ]
            : w["Weekly.NoCheckins"];

    private static string Band(WeeklySummary s, double? acwr, Words w) => w[$"Weekly.Band.{s.Alerting.BandOf(acwr)}"];

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
            Language = Words.For(s.Language).Language,
        };

    /// <summary>
    /// A rule that fired on several days is shown once, by its title (never its id), with its latest evidence.
    /// </summary>
    private static IEnumerable<(string Title, Rules.Alert Latest, int Days)> ByRule(
        IReadOnlyList<Rules.Alert> alerts,
        Words words
    ) =>
        alerts
            .GroupBy(a => a.Rule)
            .Select(g => (g.Last().TitleIn(words), g.OrderBy(a => a.Date).Last(), g.Count()))
            .OrderByDescending(x => x.Item2.Tier)
            .ThenBy(x => x.Item2.Date);

    internal static Html Heading(string text) =>
        Email.Html.Of($"<h2 style=\"font-size:16px;margin:18px 0 6px;\">{text}</h2>");

    internal static Html Row(bool header, params string[] cells)
    {
        var style = header
            ? "text-align:left;border-bottom:2px solid #d1d5db;color:#374151;"
            : "border-bottom:1px solid #e5e7eb;";
        var tag = header ? Email.Html.Of($"th") : Email.Html.Of($"td");
        var row = cells.Select(c => Email.Html.Of($"<{tag} style=\"{style}\">{c}</{tag}>"));
        return Email.Html.Of($"<tr>{row}</tr>");
    }

    private static Html Compare(string label, WeekComparison c, string format, Words w) =>
        Row(
            false,
            label,
            c.ThisWeek.ToString(format, w.Culture),
            c.UsualMean is { } m ? m.ToString(format, w.Culture) : "–",
            Percent(c.Change)
        );

    private static string CompareText(string label, WeekComparison c, string format, Words w) =>
        $"{label}: {c.ThisWeek.ToString(format, w.Culture)}"
        + (
            c.UsualMean is { } m
                ? " " + w["Weekly.Compare.Usual", m.ToString(format, w.Culture), Percent(c.Change)]
                : " " + w["Weekly.Compare.None"]
        );

    internal static string Number(double? value, string format, Words? w = null) =>
        value is { } v ? v.ToString(format, w?.Culture ?? Invariant) : "–";

    public static string Percent(double? change) => change is { } c ? c.ToString("+0%;-0%;0%", Invariant) : "–";
}
