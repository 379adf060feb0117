using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
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
        var browser = SafetyLines.Browser;
        var (claims, problem) = tokens.Verify(token, LinkPurpose.Unsubscribe);
        if (claims is null)
            return LinkProblem(problem!);
        if (UnsubscribeLinks.Read(claims.Subject) is not var (reference, kind))
            return LinkProblem(browser.Words["Unsubscribe.NoEmail"], browser);
        var subject = await access.FindAthleteAsync(reference, AccessPurpose.Unsubscribe, ct);
        if (subject is null)
            return LinkProblem(browser.Words["Unsubscribe.Revoked"], browser);
        var coach = subject.StartsWith(LinkSubjects.CoachPrefix, StringComparison.Ordinal);
        // An athlete's page in their language; a coach's in their browser's.
        var athlete = coach ? null : await athletes.FindAsync(subject, ct);
        var safety = athlete is null ? browser : SafetyLines.For(athlete);
        var words = safety.Words;
        var what = words[$"Email.Choice.{kind}"];
        if (request.Method != "POST")
            return Page(
                200,
                words["Unsubscribe.Title"],
                Html.Of($"<p>{words["Unsubscribe.Ask", what]}</p>{Button(token!, false, what, words)}"),
                safety
            );

        var again = request.FormValue("subscribe") == "again";
        if (coach)
            await coaches.SetAsync(subject[LinkSubjects.CoachPrefix.Length..], kind, optOut: !again, ct);
        else if (await athletes.UpdateAsync(subject, p => p.WithOptOut(kind, optOut: !again), ct) is null)
            return LinkProblem(words["Unsubscribe.Revoked"], safety);

        var stillComes = words[coach ? "Unsubscribe.StillComes.Coach" : "Unsubscribe.StillComes"];
        return again
            ? Page(
                200,
                words["Unsubscribe.Again.Title"],
                Html.Of(
                    $"<p class=\"saved\" role=\"status\">{words["Unsubscribe.Again", what]}</p>"
                        + $"{Button(token!, false, what, words)}"
                ),
                safety
            )
            : Page(
                200,
                words["Unsubscribe.Done.Title"],
                Html.Of(
                    $"<p class=\"saved\" role=\"status\">{words["Unsubscribe.Done", what]}</p><p>{stillComes}</p>"
                        + $"{Button(token!, true, what, words)}"
                ),
                safety
            );
    }

    /// <summary>The one button of the page: stop the email, or get it again.</summary>
    private static Html Button(string token, bool subscribeAgain, string what, Words words) =>
        subscribeAgain
            ? Html.Of(
                $"<form method=\"post\" action=\"/api/unsubscribe?t={token}\">"
                    + $"<input type=\"hidden\" name=\"subscribe\" value=\"again\">"
                    + $"<p><button type=\"submit\">{words["Unsubscribe.GetAgain", what]}</button></p></form>"
            )
            : Html.Of(
                $"<form method=\"post\" action=\"/api/unsubscribe?t={token}\">"
                    + $"<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                    + $"<p><button type=\"submit\">{words["Links.Unsubscribe.Label"]}</button></p></form>"
            );
}
