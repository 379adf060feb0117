using BackSignal.Core.Access;
using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
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
    CoachPreferences preferences,
    TrainingClock time
) : IFrontDoorHandler
{
    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var (coachRef, refusal) = await holders.CoachAsync(request.QueryValue("t"), ct);
        if (coachRef is null)
            return refusal!;
        // A coach has no profile to keep a language in: the page speaks their browser's.
        var words = SafetyLines.Browser.Words;
        // ...and their emails (the digest) follow the language of their last visit.
        await preferences.SetLanguageAsync(coachRef, words.Language, ct);
        var theirs = await athletes.ListByCoachAsync(coachRef, ct);
        var cards = new List<Card>();
        foreach (var athlete in theirs)
            cards.Add(await CardAsync(athlete, words, ct));
        var ranked = cards
            .OrderByDescending(c => c.DoctorTier ?? AlertTier.Overload)
            .ThenByDescending(c => c.OverloadAlerts.Count > 0)
            .ThenByDescending(c => c.Acwr ?? 0)
            .ToList();

        var body = new HtmlWriter();
        if (ranked.Count == 0)
            body.Add($"<p>{words["Coach.NoAthletes"]}</p>");
        body.Add($"<p class=\"hint\">{words["Coach.Ranked"]}</p>")
            .Add($"<p class=\"hint\">{words["Coach.EmailsIn", Languages.NameOf(words.Language)]}</p>");
        var token = request.QueryValue("t")!;
        foreach (var card in ranked)
            body.Add(card.Html)
                .Add(RemoveForm(token, CoachActions.AthleteKey(coachRef, card.AthleteId), card.Name, words));
        body.Add(await InvitingAsync(token, coachRef, words, ct))
            .Add(
                $"<form method=\"post\" action=\"/api/coach/signout?t={token}\">"
                    + $"<input type=\"hidden\" name=\"nonce\" value=\"{tokens.FormNonce(token)}\">"
                    + $"<p class=\"small\">{words["Coach.SignOut.Ask"]} "
                    + $"<button type=\"submit\">{words["Coach.SignOut"]}</button></p></form>"
            );
        return Page(200, words["Coach.Title"], body.ToHtml());
    }

    /// <summary>Takes the athlete off the squad (they are told); the form names them by a one-way key.</summary>
    private Html RemoveForm(string token, string athleteKey, string name, Words words) =>
        Html.Of(
            $"<form method=\"post\" action=\"/api/coach/remove?t={token}\">"
                + $"<input type=\"hidden\" name=\"nonce\" value=\"{tokens.FormNonce(token)}\">"
                + $"<input type=\"hidden\" name=\"athlete\" value=\"{athleteKey}\">"
                + $"<p><button type=\"submit\">{words["Coach.Remove", name]}</button></p></form>"
        );

    /// <summary>"Invite an athlete", and the invitations not taken yet.</summary>
    private async Task<Html> InvitingAsync(string token, string coachRef, Words words, CancellationToken ct)
    {
        var pending = await invitations.PendingAsync(coachRef, time.GetUtcNow(), ct);
        var list = pending
            .OrderBy(i => i.Expires)
            .Select(i =>
                Html.Of(
                    $"<li>{words["Coach.Pending", i.Name ?? i.Email, i.Email,
                        words.Date(DateOnly.FromDateTime(i.Expires.UtcDateTime))]}</li>"
                )
            );
        // The invitation goes out in the language the coach picks: their own first.
        var languages = Languages.Offered.Select(l =>
            Html.Of(
                $"<option value=\"{l.Code}\"{(l.Code == words.Language ? Html.Of($" selected") : Html.Empty)}>"
                    + $"{l.Name}</option>"
            )
        );
        var waiting =
            pending.Count == 0 ? Html.Empty : Html.Of($"<h3>{words["Coach.Pending.Title"]}</h3><ul>{list}</ul>");
        return Html.Of(
            $"<section class=\"athlete\"><h2>{words["Coach.Invite"]}</h2>"
                + $"<form method=\"post\" action=\"/api/invite?t={token}\">"
                + $"<input type=\"hidden\" name=\"nonce\" value=\"{tokens.FormNonce(token)}\">"
                + $"<label for=\"invite-email\">{words["Coach.Invite.Email"]}</label>"
                + $"<input id=\"invite-email\" name=\"email\" type=\"email\" required>"
                + $"<label for=\"invite-name\">{words["Coach.Invite.Name"]}</label>"
                + $"<input id=\"invite-name\" name=\"name\" maxlength=\"80\">"
                + $"<label for=\"invite-language\">{words["Coach.Invite.Language"]}</label>"
                + $"<select id=\"invite-language\" name=\"language\">{languages}</select>"
                + $"<p><button type=\"submit\">{words["Coach.Invite.Send"]}</button></p></form>"
                + $"{waiting}</section>"
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

    private async Task<Card> CardAsync(AthleteProfile athlete, Words words, CancellationToken ct)
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
        // The summary's sentences in the coach's language.
        var summary = await reports.SummaryAsync(athlete with { Language = words.Language }, IsoWeek.Of(today), ct);
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
            html.Add($"<p class=\"{css}\"><strong>")
                .Add($"{words["Coach.Doctor", words[$"Coach.Tier.{doctor.Tier}"], words.Date(doctor.Date)]}</strong> ")
                .Add($"{words["Coach.Doctor.NotHard", name]}</p>");
        }
        html.Add($"<table><tbody>")
            .Add(Row(words["Coach.Load"], N(summary.Load.ThisWeek, "0", words)))
            .Add(Row(words["Coach.Change"], Percent(summary.Load.Change)))
            .Add(Row(words["Me.Acwr"], acwr is { } r ? N(r, "0.00", words) : "–"))
            .Add(Row(words["Coach.Spinal"], Percent(summary.SpinalLoadKg.Change)));
        if (athlete.SharePainTrend)
            html.Add(
                Row(
                    words["Coach.PainTrend"],
                    summary.PainAverage is { } p
                        ? $"{N(p, "0.0", words)}/10"
                            + (
                                summary.PainAveragePreviousWeek is { } q
                                    ? " " + words["Coach.PainTrend.Before", N(q, "0.0", words)]
                                    : ""
                            )
                        : words["Coach.NoCheckins"]
                )
            );
        html.Add($"</tbody></table>");
        foreach (var plan in summary.Planned)
            html.Add($"<p class=\"hint\">{plan}</p>");
        if (summary.NextWeekRange is { } range)
        {
            // The athlete's own sentence, turned to the coach in English, quoted in the other languages.
            var forCoach =
                words.Language == Languages.English
                    ? range
                        .Replace("keeps you", $"keeps {name}", StringComparison.Ordinal)
                        .Replace("your planned", $"{name}'s planned", StringComparison.Ordinal)
                    : words["Alert.Coach.Quote", name, range];
            html.Add($"<p>{forCoach}</p>");
        }
        if (WeeklyChart.IsEmpty(chart))
            html.Add($"<p>{words["Me.NoTraining"]}</p>");
        else
        {
            var png = Convert.ToBase64String(WeeklyChart.Png(chart));
            html.Add($"<img src=\"data:image/png;base64,{png}\" width=\"{WeeklyChart.Width}\" ")
                .Add($"height=\"{WeeklyChart.Height}\" alt=\"{words["Coach.ChartAlt", name]}\">");
        }
        html.Add($"<h3>{words["Coach.Alerts"]}</h3>");
        if (overload.Count == 0)
            html.Add($"<p>{words["Me.None"]}</p>");
        else
        {
            var items = overload
                .OrderByDescending(a => a.Date)
                .Select(a => Html.Of($"<li>{words.Date(a.Date)}: {a.TitleIn(words)}</li>"));
            html.Add($"<ul>{items}</ul>");
        }
        html.Add($"</section>");
        return new Card(athlete.AthleteId, name, doctor?.Tier, overload, acwr, html.ToHtml());
    }

    private static string N(double value, string format, Words words) => value.ToString(format, words.Culture);
}
