using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// What a coach does from their page (its link and the form's nonce): `POST /api/coach/signout` retires the page's
/// links (a forwarded digest, a shared screen; a fresh link comes with the next digest), and `POST /api/coach/remove`
/// takes an athlete off the squad — the coach no longer sees them, and the athlete is told.
/// </summary>
public sealed class CoachActions(LinkHolders holders, AccessRefs access, AthleteStore athletes, MessageQueue queue)
    : IFrontDoorHandler
{
    /// <summary>How the page names an athlete in a form: a one-way key of the coach and the athlete, never the id.
    /// </summary>
    public static string AthleteKey(string coachRef, string athleteId) => CoachRefs.Of($"squad|{coachRef}|{athleteId}");

    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
        var (coachRef, refusal) = await holders.CoachAsync(token, ct);
        if (coachRef is null)
            return refusal!;
        var words = SafetyLines.Browser.Words;
        if (!await holders.FreshFormAsync(token!, request, ct))
            return Page(400, words["Coach.NotDone"], Html.Of($"<p>{words["Invite.Stale"]}</p>"));

        if (request.Path == FrontDoorRoutes.CoachSignOut.Path)
        {
            await access.RevokeAsync(LinkSubjects.CoachPrefix + coachRef, ct, AccessPurpose.Coach);
            return Page(
                200,
                words["Coach.SignedOut.Title"],
                Html.Of($"<p class=\"saved\" role=\"status\">{words["Coach.SignedOut"]}</p>")
            );
        }

        var key = request.FormValue("athlete");
        var athlete = (await athletes.ListByCoachAsync(coachRef, ct)).FirstOrDefault(a =>
            AthleteKey(coachRef, a.AthleteId) == key
        );
        if (athlete is null)
            return Page(400, words["Coach.NotDone"], Html.Of($"<p>{words["Coach.Gone"]}</p>"));
        await athletes.UpdateAsync(
            athlete.AthleteId,
            p => p with { CoachEmail = null, ShareWithCoach = false, SharePainTrend = false },
            ct
        );
        await queue.SendAsync(
            new RemovedFromSquadEmail(athlete.CoachEmail!, key!) { AthleteId = athlete.AthleteId },
            ct
        );
        var name = athlete.DisplayName is { Length: > 0 } n ? n : words["Coach.TheAthlete"];
        return Page(
            200,
            words["Coach.Removed.Title"],
            Html.Of(
                $"<p class=\"saved\" role=\"status\">{words["Coach.Removed", name]}</p>"
                    + $"<p><a href=\"/api/coach?t={token}\">{words["Coach.Back"]}</a></p>"
            )
        );
    }
}
