using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using BackSignal.Core.Weekly;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// `GET/POST /api/unsubscribe?t=TOKEN`: one kind of email stopped, for the athlete or coach the link names. A POST
/// stops it at once — the RFC 8058 one-click a mailbox provider sends ("List-Unsubscribe=One-Click"), or the button
/// of this page — and the page that answers offers it back. A GET only asks: a link opened by a mail scanner stops
/// nothing. See-a-doctor advice has no such link.
/// </summary>
public sealed class UnsubscribePage(
    LinkTokens tokens,
    AccessRefs access,
    AthleteStore athletes,
    CoachPreferences coaches
) : IFrontDoorHandler
{
    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
        var (claims, problem) = tokens.Verify(token, LinkPurpose.Unsubscribe);
        if (claims is null)
            return LinkProblem(problem!);
        if (UnsubscribeLinks.Read(claims.Subject) is not var (reference, kind))
            return LinkProblem("This link does not name an email.");
        var subject = await access.FindAthleteAsync(reference, AccessPurpose.Unsubscribe, ct);
        if (subject is null)
            return LinkProblem("This link was revoked.");
        var what = EmailChoices.Describe(kind)!;
        var coach = subject.StartsWith(LinkSubjects.CoachPrefix, StringComparison.Ordinal);
        if (request.Method != "POST")
            return Page(200, "Unsubscribe?", Html.Of($"<p>Stop {what} by email?</p>{Button(token!, false, what)}"));

        var again = request.FormValue("subscribe") == "again";
        if (coach)
            await coaches.SetAsync(subject[LinkSubjects.CoachPrefix.Length..], kind, optOut: !again, ct);
        else if (await athletes.UpdateAsync(subject, p => p.WithOptOut(kind, optOut: !again), ct) is null)
            return LinkProblem("This link was revoked.");

        var stillComes = coach
            ? "See-a-doctor alerts about athletes who share them with you still come."
            : "Advice to see a doctor still comes whenever a check-in calls for it.";
        return again
            ? Page(
                200,
                "Subscribed again",
                Html.Of(
                    $"<p class=\"saved\" role=\"status\">You will get {what} again.</p>{Button(token!, false, what)}"
                )
            )
            : Page(
                200,
                "Unsubscribed",
                Html.Of(
                    $"<p class=\"saved\" role=\"status\">You will no longer get {what} by email.</p><p>{stillComes}</p>"
                        + $"{Button(token!, true, what)}"
                )
            );
    }

    /// <summary>The one button of the page: stop the email, or get it again.</summary>
    private static Html Button(string token, bool subscribeAgain, string what) =>
        subscribeAgain
            ? Html.Of(
                $"<form method=\"post\" action=\"/api/unsubscribe?t={token}\">"
                    + $"<input type=\"hidden\" name=\"subscribe\" value=\"again\">"
                    + $"<p><button type=\"submit\">Get {what} again</button></p></form>"
            )
            : Html.Of(
                $"<form method=\"post\" action=\"/api/unsubscribe?t={token}\">"
                    + $"<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                    + $"<p><button type=\"submit\">Unsubscribe</button></p></form>"
            );
}
