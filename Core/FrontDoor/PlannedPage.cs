using BackSignal.Core.Access;
using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using BackSignal.Core.Weekly;
using Microsoft.Extensions.DependencyInjection;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// `GET/POST /api/planned?t=TOKEN`: "this was planned", from an overload email. The GET asks (a link opened by a mail
/// scanner marks nothing); the POST, with the form's nonce, marks the link's week as a planned overreach, set by
/// whoever got the email. Load warnings of that week are then stored, not emailed; pain and see-a-doctor alerts
/// still go.
/// </summary>
public sealed class PlannedPage(
    LinkTokens tokens,
    AccessRefs access,
    AthleteStore athletes,
    MessageQueue queue,
    LinkHolders holders,
    TrainingClock time
) : IFrontDoorHandler
{
    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
        var (claims, problem) = tokens.Verify(token, LinkPurpose.Planned);
        if (claims is null)
            return LinkProblem(problem!);
        if (PlannedLinks.Read(claims.Subject) is not var (reference, week, by))
            return LinkProblem(SafetyLines.Browser.Words["Planned.NoWeek"]);
        var athleteId = await access.FindAthleteAsync(reference, AccessPurpose.Planned, ct);
        var profile = athleteId is null ? null : await athletes.FindAsync(athleteId, ct);
        if (profile is null)
            return LinkProblem("This link was revoked: ask for a new one.");
        // The athlete reads it in their language; a coach in their browser's.
        var safety = by == "athlete" ? SafetyLines.For(profile) : SafetyLines.Browser;
        var words = safety.Words;
        var plan = new PlannedPeriod(PlanKind.Overreach, week.Monday, week.Sunday, by);
        var already = profile.Plans?.Any(p => p.Kind == PlanKind.Overreach && p.Covers(week.Monday)) == true;
        if (request.Method != "POST")
            return Page(
                200,
                words["Planned.Title", week],
                Html.Of(
                    $"<p>{words[already ? "Planned.Already" : "Planned.Ask", week, words.Date(week.Monday),
                        words.Date(week.Sunday)]}</p>"
                        + $"<p>{words["Planned.What"]}</p>"
                        + $"<form method=\"post\" action=\"/api/planned?t={token}\">"
                        + $"<input type=\"hidden\" name=\"t\" value=\"{token}\">"
                        + $"<input type=\"hidden\" name=\"nonce\" value=\"{tokens.FormNonce(token!)}\">"
                        + $"<p><button type=\"submit\">{words["Planned.Yes"]}</button></p></form>"
                ),
                safety
            );
        if (!await holders.FreshFormAsync(token!, request, ct))
            return Page(400, words["Planned.Not.Title"], Html.Of($"<p>{words["Planned.Stale"]}</p>"), safety);
        if (!already)
        {
            await athletes.UpdateAsync(profile.AthleteId, p => p.WithPlan(plan), ct);
            // Alerts already raised that week keep their decision; this settles the rest of the week.
            var today = profile.LocalDate(time.GetUtcNow());
            if (week.Monday <= today)
                await queue.SendAsync(QueueNames.Recompute, new RecomputeRequest(profile.AthleteId, week.Monday), ct);
        }
        return Page(
            200,
            words["Planned.Done.Title"],
            Html.Of(
                $"<p class=\"saved\" role=\"status\">{words["Planned.Done", week, words[$"Planned.By.{by}"]]}</p>"
                    + $"<p>{words["Planned.Done.What"]}</p>"
            ),
            safety
        );
    }
}
