using System.Globalization;
using BackSignal.Core.Access;
using BackSignal.Core.Email;
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

        var today = profile.LocalDate(time.GetUtcNow());
        var summary = await reports.SummaryAsync(profile, IsoWeek.Of(today), ct);
        var alerts = await training.GetAlertsAsync(profile.AthleteId, today.AddDays(-27), ct);
        var checkins = await training.GetCheckinsAsync(profile.AthleteId, today.AddDays(-13), today, ct);
        var name = profile.DisplayName is { Length: > 0 } n ? n : profile.AthleteId;

        var html = new HtmlWriter().Add($"<h2>This week</h2><table><tbody>");
        html.Add(Row("Sessions", summary.Sessions.ToString(CultureInfo.InvariantCulture)))
            .Add(Row("Training load (AU)", $"{summary.Load.ThisWeek:0}"))
            .Add(Row("Against your usual weeks", Percent(summary.Load.Change)))
            .Add(Row("Spine-loading volume against your usual weeks", Percent(summary.SpinalLoadKg.Change)))
            .Add(Row("Acute:chronic ratio", summary.MeaningfulAcwr is > 0.005 and var r ? $"{r:0.00}" : "–"))
            .Add(Row("Average pain", summary.PainAverage is { } p ? $"{p:0.0}/10" : "no check-ins this week"))
            .Add($"</tbody></table><h2>Next week</h2><p>{summary.NextWeek}</p>");
        if (summary.NextWeekRange is { } range)
            html.Add($"<p>{range}</p>");
        foreach (var plan in summary.Planned)
            html.Add($"<p class=\"hint\">{plan}</p>");
        if (WeeklyChart.IsEmpty(summary.Chart))
            html.Add($"<p>No training recorded in the last eight weeks.</p>");
        else
            html.Add(
                $"<img src=\"data:image/png;base64,{Convert.ToBase64String(WeeklyChart.Png(summary.Chart))}\" "
                    + $"width=\"{WeeklyChart.Width}\" height=\"{WeeklyChart.Height}\" alt=\"Your daily load over 8 "
                    + $"weeks as bars, acute and chronic load as lines, pain as red points\">"
            );

        html.Add($"<h2>Alerts of the last four weeks</h2>");
        if (alerts.Count == 0)
            html.Add($"<p>None.</p>");
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
                $"<div class=\"{css}\"><p><strong>{alert.Date:yyyy-MM-dd}: {alert.Title}</strong></p>"
                    + $"<p>{alert.Evidence}</p><p>What to do: {alert.Advice}</p></div>"
            );
        }

        html.Add($"<h2>Your check-ins of the last two weeks</h2>");
        if (checkins.Count == 0)
            html.Add($"<p>None yet.</p>");
        else
            html.Add($"<ul>{checkins.OrderByDescending(c => c.Date).Select(Checkin)}</ul>");

        var connected = await connections.ListAsync(profile.AthleteId, ct);
        html.Add($"<h2>Connected apps</h2>");
        if (connected.Count == 0)
            html.Add(
                $"<p>None yet: connect Hevy or Strava from the settings page, and workouts arrive on their own.</p>"
            );
        foreach (var connection in connected)
            html.Add(ConnectionPages.Status(connection));
        html.Add(await SendingAsync(profile.AthleteId, ct))
            .Add($"<p><a href=\"/api/settings?t={request.QueryValue("t")}\">Your settings</a>: name, time zone, ")
            .Add($"health context, what your coach sees, which emails come, connected apps.</p>")
            .Add(DataRights(request.QueryValue("t")!));
        return Page(200, $"Your training, {name}", html.ToHtml());
    }

    /// <summary>How to send exports from a phone: the import address and the upload link.</summary>
    private async Task<Html> SendingAsync(string athleteId, CancellationToken ct)
    {
        var address = $"{await access.GetOrCreateAsync(athleteId, AccessPurpose.Inbound, ct)}@{inbound.Value.Domain}";
        var upload = tokens.Url(
            LinkPurpose.Upload,
            await access.GetOrCreateAsync(athleteId, AccessPurpose.Upload, ct),
            "upload"
        );
        return Html.Of(
            $"<h2>Sending your exports</h2><p>By email, from your own address: in Strong, Hevy or Garmin Connect, "
                + $"export your workouts and share the file by mail to <strong>{address}</strong>. A reply says "
                + $"what was imported.</p><p>From a shortcut (iOS Shortcuts' “Get Contents of URL”, method POST, "
                + $"the file as the request body) or any tool that can post a file, to this link (valid 30 days, "
                + $"add <code>&amp;name=</code> and the file's name):</p><p><code>{upload}</code></p>"
        );
    }

    /// <summary>A copy of one's data and the account's erasure, each confirmed by a mailed link.</summary>
    private Html DataRights(string token)
    {
        Html Button(string route, string label) =>
            Html.Of(
                $"<form method=\"post\" action=\"/api/{route}?t={token}\">"
                    + $"<input type=\"hidden\" name=\"nonce\" value=\"{tokens.FormNonce(token)}\">"
                    + $"<p><button type=\"submit\">{label}</button></p></form>"
            );
        return Html.Of(
            $"<h2>Your data</h2><p class=\"hint\">Each sends a link to your email address to confirm it.</p>"
                + $"{Button("me/export", "Download my data")}{Button("me/delete", "Delete my account")}"
        );
    }

    private static Html Checkin(PainCheckin c)
    {
        var signs = CheckinSigns.Reported(c).Select(Words).ToList();
        var pain = c.Pain is { } p ? $"pain {p}/10" : "no pain score";
        var reported = signs.Count == 0 ? "" : "; reported: " + string.Join(", ", signs);
        return Html.Of($"<li>{c.Date:yyyy-MM-dd}: {pain}{reported}</li>");
    }

    private static string Words(string field) =>
        field switch
        {
            "saddleNumbness" => "numbness between the legs",
            "bladderBowel" => "bladder or bowel problems",
            "sexualDysfunction" => "loss of sexual function",
            "chestPain" => "chest pain",
            "legPain" => "leg pain",
            "numbness" => "numbness in the legs",
            "weakness" => "leg weakness",
            "upperBackPain" => "pain between the shoulder blades",
            "nightPain" => "night pain",
            "notEasedByRest" => "pain not eased by rest",
            "coughSneeze" => "pain on coughing or sneezing",
            "backLump" => "a lump in the back",
            "gaitChange" => "difficulty walking",
            "fever" => "fever",
            "unwell" => "feeling unwell",
            "weightLoss" => "weight loss",
            "trauma" => "an injury",
            _ => field,
        };
}
