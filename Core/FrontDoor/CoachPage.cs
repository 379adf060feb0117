using System.Globalization;
using BackSignal.Core.Access;
using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.Core.Weekly;
using Microsoft.Extensions.DependencyInjection;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// `GET /api/coach?t=TOKEN`: the coach's athletes ranked by need — a shared emergency or urgent see-a-doctor alert
/// first, then overload alerts of the last 7 days, then the acute:chronic ratio — each with the week's figures, the
/// 8-week chart (inline, no external asset) and the last alerts. See-a-doctor tiers only for athletes who share them,
/// the pain trend (the week's average) only for athletes who share that, separately; symptoms, a day's score and
/// notes never.
/// </summary>
public sealed class CoachPage(
    LinkTokens tokens,
    LinkHolders holders,
    AthleteStore athletes,
    TrainingStore training,
    WeeklyReports reports,
    Invitations invitations,
    TrainingClock time
) : IFrontDoorHandler
{
    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var (coachRef, refusal) = await holders.CoachAsync(request.QueryValue("t"), ct);
        if (coachRef is null)
            return refusal!;
        var theirs = await athletes.ListByCoachAsync(coachRef, ct);
        var cards = new List<Card>();
        foreach (var athlete in theirs)
            cards.Add(await CardAsync(athlete, ct));
        var ranked = cards
            .OrderByDescending(c => c.DoctorTier ?? AlertTier.Overload)
            .ThenByDescending(c => c.OverloadAlerts.Count > 0)
            .ThenByDescending(c => c.Acwr ?? 0)
            .ToList();

        var body = new HtmlWriter();
        if (ranked.Count == 0)
            body.Add($"<p>No athletes name you as their coach yet.</p>");
        body.Add($"<p class=\"hint\">Ranked by need: see-a-doctor alerts the athlete shares with you, then load ")
            .Add($"alerts of the last 7 days, then the acute:chronic ratio (shown after four weeks of continuous ")
            .Add($"training). Changes are against each athlete's usual weeks, as in their own emails.</p>");
        var token = request.QueryValue("t")!;
        foreach (var card in ranked)
            body.Add(card.Html).Add(RemoveForm(token, CoachActions.AthleteKey(coachRef, card.AthleteId), card.Name));
        body.Add(await InvitingAsync(token, coachRef, ct))
            .Add(
                $"<form method=\"post\" action=\"/api/coach/signout?t={token}\">"
                    + $"<input type=\"hidden\" name=\"nonce\" value=\"{tokens.FormNonce(token)}\">"
                    + $"<p class=\"small\">On a shared screen, or forwarded by mistake? "
                    + $"<button type=\"submit\">Sign out of this link</button></p></form>"
            );
        return Page(200, "Your athletes this week", body.ToHtml());
    }

    /// <summary>Takes the athlete off the squad (they are told); the form names them by a one-way key.</summary>
    private Html RemoveForm(string token, string athleteKey, string name) =>
        Html.Of(
            $"<form method=\"post\" action=\"/api/coach/remove?t={token}\">"
                + $"<input type=\"hidden\" name=\"nonce\" value=\"{tokens.FormNonce(token)}\">"
                + $"<input type=\"hidden\" name=\"athlete\" value=\"{athleteKey}\">"
                + $"<p><button type=\"submit\">Remove {name} from my athletes</button></p></form>"
        );

    /// <summary>"Invite an athlete", and the invitations not taken yet.</summary>
    private async Task<Html> InvitingAsync(string token, string coachRef, CancellationToken ct)
    {
        var pending = await invitations.PendingAsync(coachRef, time.GetUtcNow(), ct);
        var list = pending
            .OrderBy(i => i.Expires)
            .Select(i => Html.Of($"<li>{i.Name ?? i.Email} ({i.Email}), until {i.Expires:yyyy-MM-dd}</li>"));
        return Html.Of(
            $"<section class=\"athlete\"><h2>Invite an athlete</h2>"
                + $"<form method=\"post\" action=\"/api/invite?t={token}\">"
                + $"<input type=\"hidden\" name=\"nonce\" value=\"{tokens.FormNonce(token)}\">"
                + $"<label for=\"invite-email\">Their email address</label>"
                + $"<input id=\"invite-email\" name=\"email\" type=\"email\" required>"
                + $"<label for=\"invite-name\">Their name (for the invitation)</label>"
                + $"<input id=\"invite-name\" name=\"name\" maxlength=\"80\">"
                + $"<p><button type=\"submit\">Send the invitation</button></p></form>"
                + $"{(pending.Count == 0 ? Html.Empty : Html.Of($"<h3>Invitations not taken yet</h3><ul>{list}</ul>"))}"
                + $"</section>"
        );
    }

    private sealed record Card(
        string AthleteId,
        string Name,
        AlertTier? DoctorTier,
        IReadOnlyList<Alert> OverloadAlerts,
        double? Acwr,
        Html Html
    );

    private async Task<Card> CardAsync(AthleteProfile athlete, CancellationToken ct)
    {
        var today = athlete.LocalDate(time.GetUtcNow());
        var name = athlete.DisplayName is { Length: > 0 } n ? n : athlete.AthleteId;
        var alerts = (await training.GetAlertsAsync(athlete.AthleteId, today.AddDays(-6), ct))
            .Select(a => a.Alert)
            .ToList();
        var overload = alerts.Where(a => !a.IsDoctorAlert && AlertEmails.CoachMaySee(athlete, a)).ToList();
        var doctor = athlete.ShareWithCoach
            ? alerts.Where(a => a.IsDoctorAlert).OrderByDescending(a => a.Tier).FirstOrDefault()
            : null;
        var summary = await reports.SummaryAsync(athlete, IsoWeek.Of(today), ct);
        // The same baseline as the athlete's own emails; no ratio (and no rank by it) before four continuous weeks.
        // No training in the acute window is no ratio either: "0.00" would read as a very low, safe load.
        var acwr = summary.MeaningfulAcwr is { } meaningful && meaningful > 0.005 ? meaningful : (double?)null;
        // A day's pain score is never on the coach's chart: the pain trend, when shared, is the week's average.
        var chart = summary.Chart.Select(d => d with { Pain = null }).ToList();

        var html = new HtmlWriter().Add($"<section class=\"athlete\"><h2>{name}</h2>");
        if (doctor is not null)
        {
            var css =
                doctor.Tier == AlertTier.Emergency ? "emergency"
                : doctor.Tier == AlertTier.Urgent ? "urgent"
                : "soon";
            html.Add($"<p class=\"{css}\"><strong>See-a-doctor advice ({Tier(doctor.Tier)}) on ")
                .Add($"{doctor.Date:yyyy-MM-dd}.</strong> Make sure {name} is not training hard until seen.</p>");
        }
        html.Add($"<table><tbody>")
            .Add(Row("Load this week (AU)", N(summary.Load.ThisWeek, "0")))
            .Add(Row("Change against their usual weeks", Percent(summary.Load.Change)))
            .Add(Row("Acute:chronic ratio", acwr is { } r ? N(r, "0.00") : "–"))
            .Add(Row("Spinal load against their usual weeks", Percent(summary.SpinalLoadKg.Change)));
        if (athlete.SharePainTrend)
            html.Add(
                Row(
                    "Pain trend: this week's average (shared)",
                    summary.PainAverage is { } p
                        ? $"{N(p, "0.0")}/10"
                            + (summary.PainAveragePreviousWeek is { } q ? $" (week before {N(q, "0.0")}/10)" : "")
                        : "no check-ins"
                )
            );
        html.Add($"</tbody></table>");
        foreach (var plan in summary.Planned)
            html.Add($"<p class=\"hint\">{plan}</p>");
        if (summary.NextWeekRange is { } range)
        {
            // The athlete's own sentence, turned to the coach.
            var forCoach = range
                .Replace("keeps you", $"keeps {name}", StringComparison.Ordinal)
                .Replace("your planned", $"{name}'s planned", StringComparison.Ordinal);
            html.Add($"<p>{forCoach}</p>");
        }
        if (WeeklyChart.IsEmpty(chart))
            html.Add($"<p>No training recorded in the last eight weeks.</p>");
        else
        {
            var png = Convert.ToBase64String(WeeklyChart.Png(chart));
            html.Add($"<img src=\"data:image/png;base64,{png}\" width=\"{WeeklyChart.Width}\" ")
                .Add($"height=\"{WeeklyChart.Height}\" alt=\"{name}: daily load over 8 weeks as bars, acute and ")
                .Add($"chronic load as lines\">");
        }
        html.Add($"<h3>Alerts of the last 7 days</h3>");
        if (overload.Count == 0)
            html.Add($"<p>None.</p>");
        else
        {
            var items = overload
                .OrderByDescending(a => a.Date)
                .Select(a => Html.Of($"<li>{a.Date:yyyy-MM-dd}: {a.Title}</li>"));
            html.Add($"<ul>{items}</ul>");
        }
        html.Add($"</section>");
        return new Card(athlete.AthleteId, name, doctor?.Tier, overload, acwr, html.ToHtml());
    }

    private static string Tier(AlertTier tier) => tier.ToString().ToLowerInvariant();

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
