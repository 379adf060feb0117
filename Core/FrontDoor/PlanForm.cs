using System.Globalization;
using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// `POST /api/me/plan` (the athlete's page link and its nonce): the athlete marks a planned period themselves — a
/// hard block (its load warnings are kept, not emailed), a deload, or a return after injury (held to a ramp) — as
/// `plan add` does, and its days are recomputed. The settings page lists the plans and carries this form.
/// </summary>
public sealed class PlanForm(LinkHolders holders, AthleteStore athletes, MessageQueue queue) : IFrontDoorHandler
{
    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
        var (linked, refusal) = await holders.AthleteAsync(token, LinkPurpose.Me, AccessPurpose.Me, ct);
        if (linked is null)
            return refusal!;
        var profile = linked.Profile;
        var safety = SafetyLines.For(profile);
        var words = safety.Words;
        if (!await holders.FreshFormAsync(token!, request, ct))
            return Done(400, token!, words["Plan.Stale"], safety);
        if (Read(request.FormValue("kind"), request.FormValue("from"), request.FormValue("to")) is not { } plan)
            return Done(400, token!, words["Plan.Invalid"], safety);
        await athletes.UpdateAsync(profile.AthleteId, p => p.WithPlan(plan), ct);
        await queue.SendAsync(QueueNames.Recompute, new RecomputeRequest(profile.AthleteId, plan.From), ct);
        return Done(200, token!, words["Plan.Saved", Phrases.Plan(plan, words)], safety);
    }

    /// <summary>The plan the fields describe, or null.</summary>
    public static PlannedPeriod? Read(string? kind, string? from, string? to) =>
        Enum.TryParse<PlanKind>(kind, ignoreCase: true, out var k)
        && Enum.IsDefined(k)
        && DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
        && DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
        && t >= f
        && t.DayNumber - f.DayNumber <= 366
            ? new PlannedPeriod(k, f, t, "athlete")
            : null;

    /// <summary>The plans and the form to add one, for the settings page.</summary>
    public static Html View(string token, string nonce, AthleteProfile profile, Words words)
    {
        var plans = (profile.Plans ?? [])
            .OrderBy(p => p.From)
            .Select(p => Html.Of($"<li>{Phrases.Plan(p, words)}</li>"));
        var none = Html.Of($"<p>{words["Plan.None"]}</p>");
        return Html.Of(
            $"<h2>{words["Plan.Title"]}</h2><p class=\"hint\">{words["Plan.Hint"]}</p>"
                + $"{((profile.Plans ?? []).Count == 0 ? none : Html.Of($"<ul>{plans}</ul>"))}"
                + $"<form method=\"post\" action=\"/api/me/plan?t={token}\">"
                + $"<input type=\"hidden\" name=\"nonce\" value=\"{nonce}\">"
                + $"<label for=\"plan-kind\">{words["Plan.Kind"]}</label><select id=\"plan-kind\" name=\"kind\">"
                + $"<option value=\"overreach\">{words["Plan.Option.overreach"]}</option>"
                + $"<option value=\"deload\">{words["Plan.Option.deload"]}</option>"
                + $"<option value=\"return\">{words["Plan.Option.return"]}</option></select>"
                + $"<label for=\"plan-from\">{words["Plan.From"]}</label>"
                + $"<input id=\"plan-from\" name=\"from\" type=\"date\">"
                + $"<label for=\"plan-to\">{words["Plan.To"]}</label><input id=\"plan-to\" name=\"to\" type=\"date\">"
                + $"<p><button type=\"submit\">{words["Plan.Add"]}</button></p></form>"
        );
    }

    private static FrontDoorResponse Done(int status, string token, string message, SafetyLines safety) =>
        Page(
            status,
            safety.Words[status == 200 ? "Plan.Done.Title" : "Plan.Not.Title"],
            Html.Of(
                $"<p class=\"{(status == 200 ? "saved" : "error")}\" role=\"status\">{message}</p>"
                    + $"<p><a href=\"/api/settings?t={token}\">{safety.Words["Settings.Back"]}</a></p>"
            ),
            safety
        );
}
