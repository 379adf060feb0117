using BackSignal.Core.Access;
using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
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
            return LinkProblem("This link does not name a week.");
        var athleteId = await access.FindAthleteAsync(reference, AccessPurpose.Planned, ct);
        var profile = athleteId is null ? null : await athletes.FindAsync(athleteId, ct);
        if (profile is null)
            return LinkProblem("This link was revoked.");
        var plan = new PlannedPeriod(PlanKind.Overreach, week.Monday, week.Sunday, by);
        var already = profile.Plans?.Any(p => p.Kind == PlanKind.Overreach && p.Covers(week.Monday)) == true;
        if (request.Method != "POST")
            return Page(
                200,
                $"Was week {week} planned?",
                Html.Of(
                    $"<p>Week {week} ({week.Monday:yyyy-MM-dd} to {week.Sunday:yyyy-MM-dd})"
                        + $"{(already ? " is already marked as planned." : ": a hard week on purpose?")}</p>"
                        + $"<p>Marking it keeps the load warnings of that week without emailing them. Warnings from "
                        + $"pain and see-a-doctor advice still come; the coach's page shows who marked it.</p>"
                        + $"<form method=\"post\" action=\"/api/planned?t={token}\">"
                        + $"<input type=\"hidden\" name=\"t\" value=\"{token}\">"
                        + $"<input type=\"hidden\" name=\"nonce\" value=\"{tokens.FormNonce(token!)}\">"
                        + $"<p><button type=\"submit\">Yes, this week was planned</button></p></form>"
                )
            );
        if (!await holders.FreshFormAsync(token!, request, ct))
            return Page(400, "Not marked", Html.Of($"<p>The form was too old or not ours: open the link again.</p>"));
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
            "Marked as planned",
            Html.Of(
                $"<p class=\"saved\" role=\"status\">Week {week} is marked as a planned hard week "
                    + $"(set by the {by}).</p><p>Its load warnings are kept without an email. Pain and see-a-doctor "
                    + $"alerts still come, and the weekly summary gives next week's range.</p>"
            )
        );
    }
}
