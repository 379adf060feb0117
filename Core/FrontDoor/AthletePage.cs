using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.Core.Weekly;
using Microsoft.Extensions.Options;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// `GET /api/me?t=TOKEN`: the athlete's own page — this week against their usual weeks and next week's range, the
/// 8-week chart, the alerts of the last four weeks with their evidence and advice, the last two weeks of check-ins,
/// planned periods, and how to send exports from a phone (the upload link and the personal import address). The
/// athlete's own data, so pain scores and the signs they reported are shown; nothing here reaches a coach.
/// </summary>
public sealed class AthletePage(
    LinkTokens tokens,
    AccessRefs access,
    LinkHolders holders,
    TrainingStore training,
    WeeklyReports reports,
    IOptions<InboundOptions> inbound,
    ConnectionStore connections,
    Configuration.TrainingClock time
) : IFrontDoorHandler
{
    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var (linked, refusal) = await holders.AthleteAsync(
            request.QueryValue("t"),
            LinkPurpose.Me,
            AccessPurpose.Me,
            ct
        );
        if (linked is null)
            return refusal!;
        var profile = linked.Profile;
        var safety = SafetyLines.For(profile);
        var words = safety.Words;

        var today = profile.LocalDate(time.GetUtcNow());
        var summary = await reports.SummaryAsync(profile, IsoWeek.Of(today), ct);
        var alerts = await training.GetAlertsAsync(profile.AthleteId, today.AddDays(-27), ct);
        var checkins = await training.GetCheckinsAsync(profile.AthleteId, today.AddDays(-13), today, ct);
        var name = profile.DisplayName is { Length: > 0 } n ? n : profile.AthleteId;
        string Number(double value, string format) => value.ToString(format, words.Culture);

        var html = new HtmlWriter().Add($"<h2>{words["Me.ThisWeek"]}</h2><table><tbody>");
        html.Add(Row(words["Me.Sessions"], Number(summary.Sessions, "0")))
            .Add(Row(words["Me.Load"], Number(summary.Load.ThisWeek, "0")))
            .Add(Row(words["Me.AgainstUsual"], Percent(summary.Load.Change)))
            .Add(Row(words["Me.SpinalAgainstUsual"], Percent(summary.SpinalLoadKg.Change)))
            .Add(Row(words["Me.Acwr"], summary.MeaningfulAcwr is > 0.005 and var r ? Number(r, "0.00") : "–"))
            .Add(
                Row(
                    words["Me.PainAverage"],
                    summary.PainAverage is { } p ? Number(p, "0.0") + "/10" : words["Me.NoCheckins"]
                )
            )
            .Add($"</tbody></table><h2>{words["Me.NextWeek"]}</h2><p>{summary.NextWeek}</p>");
        if (summary.NextWeekRange is { } range)
            html.Add($"<p>{range}</p>");
        foreach (var plan in summary.Planned)
            html.Add($"<p class=\"hint\">{plan}</p>");
        if (WeeklyChart.IsEmpty(summary.Chart))
            html.Add($"<p>{words["Me.NoTraining"]}</p>");
        else
            html.Add(
                $"<img src=\"data:image/png;base64,{Convert.ToBase64String(WeeklyChart.Png(summary.Chart))}\" "
                    + $"width=\"{WeeklyChart.Width}\" height=\"{WeeklyChart.Height}\" alt=\"{words["Me.ChartAlt"]}\">"
            );

        html.Add($"<h2>{words["Me.Alerts"]}</h2>");
        if (alerts.Count == 0)
            html.Add($"<p>{words["Me.None"]}</p>");
        foreach (var stored in alerts.OrderByDescending(a => a.Alert.Date))
        {
            var alert = stored.Alert;
            var css = alert.Tier switch
            {
                AlertTier.Emergency => "emergency",
                AlertTier.Urgent => "urgent",
                AlertTier.Soon => "soon",
                _ => "hint",
            };
            html.Add(
                $"<div class=\"{css}\"><p><strong>{words.Date(alert.Date)}: {alert.TitleIn(words)}</strong></p>"
                    + $"<p>{alert.Evidence}</p><p>{words["Me.WhatToDo", alert.Advice]}</p></div>"
            );
        }

        html.Add($"<h2>{words["Me.Checkins"]}</h2>");
        if (checkins.Count == 0)
            html.Add($"<p>{words["Me.NoneYet"]}</p>");
        else
            html.Add($"<ul>{checkins.OrderByDescending(c => c.Date).Select(c => Checkin(c, words))}</ul>");

        var connected = await connections.ListAsync(profile.AthleteId, ct);
        html.Add($"<h2>{words["Connect.Title"]}</h2>");
        if (connected.Count == 0)
            html.Add($"<p>{words["Me.NoConnections"]}</p>");
        foreach (var connection in connected)
            html.Add(ConnectionPages.Status(connection, words));
        html.Add(await SendingAsync(profile.AthleteId, words, ct))
            .Add($"<p><a href=\"/api/settings?t={request.QueryValue("t")}\">{words["Me.Settings"]}</a>")
            .Add($"{words["Me.Settings.What"]}</p>")
            .Add(DataRights(request.QueryValue("t")!, words));
        return Page(200, words["Me.Title", name], html.ToHtml(), safety);
    }

    /// <summary>How to send exports from a phone: the import address and the upload link.</summary>
    private async Task<Html> SendingAsync(string athleteId, Words words, CancellationToken ct)
    {
        var address = $"{await access.GetOrCreateAsync(athleteId, AccessPurpose.Inbound, ct)}@{inbound.Value.Domain}";
        var upload = tokens.Url(
            LinkPurpose.Upload,
            await access.GetOrCreateAsync(athleteId, AccessPurpose.Upload, ct),
            "upload"
        );
        return Html.Of(
            $"<h2>{words["Me.Sending"]}</h2><p>{words["Me.Sending.Mail"]} <strong>{address}</strong>. "
                + $"{words["Me.Sending.Reply"]}</p><p>{words["Me.Sending.Link"]}</p><p><code>{upload}</code></p>"
        );
    }

    /// <summary>A copy of one's data and the account's erasure, each confirmed by a mailed link.</summary>
    private Html DataRights(string token, Words words)
    {
        Html Button(string route, string label) =>
            Html.Of(
                $"<form method=\"post\" action=\"/api/{route}?t={token}\">"
                    + $"<input type=\"hidden\" name=\"nonce\" value=\"{tokens.FormNonce(token)}\">"
                    + $"<p><button type=\"submit\">{label}</button></p></form>"
            );
        return Html.Of(
            $"<h2>{words["Me.Data"]}</h2><p class=\"hint\">{words["Me.Data.Hint"]}</p>"
                + $"{Button("me/export", words["Me.Data.Download"])}{Button("me/delete", words["Me.Data.Delete"])}"
        );
    }

    private static Html Checkin(PainCheckin c, Words words)
    {
        var signs = CheckinSigns.Reported(c).Select(field => words[$"Me.Sign.{field}"]).ToList();
        var pain = c.Pain is { } p ? words["Checkin.Answer.Pain", p] : words["Checkin.Answer.NoPain"];
        var reported = signs.Count == 0 ? "" : words["Me.Reported", string.Join(", ", signs)];
        return Html.Of($"<li>{words.Date(c.Date)}: {pain}{reported}</li>");
    }
}
