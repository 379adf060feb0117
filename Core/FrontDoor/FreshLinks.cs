using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
using BackSignal.Core.Messaging;
using BackSignal.Core.Storage;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// A person's own links never just die: an expired check-in, page or coach link answers a page that offers to mail a
/// fresh one — `POST /api/fresh?t=…&amp;p=…` — to the address on file, never to one typed on the page, at most once
/// an hour. Any other refusal (altered, revoked, for something else) is the plain page.
/// </summary>
public sealed class FreshLinks(
    LinkTokens tokens,
    AccessRefs access,
    MessageQueue queue,
    Configuration.TrainingClock time
) : IFrontDoorHandler
{
    /// <summary>The refusal page of <paramref name="token"/>: the fresh-link offer when it has only expired.</summary>
    public static FrontDoorResponse Refusal(LinkTokens tokens, string? token, LinkPurpose purpose, string problem)
    {
        var words = SafetyLines.Browser.Words;
        return Route(purpose) is not null && tokens.Expired(token, purpose) is not null
            ? Page(
                403,
                words["Fresh.Expired.Title"],
                Html.Of(
                    $"<p>{ProblemText(problem, words)}</p>"
                        + $"<form method=\"post\" action=\"/api/fresh?t={token}&amp;p={(int)purpose}\">"
                        + $"<p><button type=\"submit\">{words["Fresh.Mail"]}</button></p></form>"
                        + $"<p class=\"hint\">{words["Fresh.OnFile"]}</p>"
                )
            )
            : LinkProblem(problem);
    }

    /// <summary>The route a purpose's fresh link opens, for the purposes that belong to a person.</summary>
    public static string? Route(LinkPurpose purpose) =>
        purpose switch
        {
            LinkPurpose.Checkin => "checkin",
            LinkPurpose.Me => "me",
            LinkPurpose.Coach => "coach",
            _ => null,
        };

    public static AccessPurpose Access(LinkPurpose purpose) =>
        purpose switch
        {
            LinkPurpose.Checkin => AccessPurpose.Checkin,
            LinkPurpose.Me => AccessPurpose.Me,
            _ => AccessPurpose.Coach,
        };

    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
        if (
            !int.TryParse(request.QueryValue("p"), out var p)
            || !Enum.IsDefined((LinkPurpose)p)
            || Route((LinkPurpose)p) is null
        )
            return LinkProblem("This link is incomplete: open it again from the email or ask for a new one.");
        var purpose = (LinkPurpose)p;
        var claims = tokens.Expired(token, purpose) ?? tokens.Verify(token, purpose).Claims;
        if (claims is null)
            return LinkProblem("This link is not valid: it was changed or it was never issued by BackSignal.");
        var subject = await access.FindAthleteAsync(claims.Subject, Access(purpose), ct);
        if (subject is null)
            return LinkProblem("This link was revoked: ask for a new one.");
        var hour = $"{time.GetUtcNow().UtcDateTime:yyyyMMddHH}";
        var coach = subject.StartsWith(LinkSubjects.CoachPrefix, StringComparison.Ordinal);
        await queue.SendAsync(
            coach
                ? new FreshLinkEmail(Route(purpose)!, hour) { CoachRef = subject[LinkSubjects.CoachPrefix.Length..] }
                : new FreshLinkEmail(Route(purpose)!, hour) { AthleteId = subject },
            ct
        );
        var words = SafetyLines.Browser.Words;
        return Page(
            200,
            words["Fresh.Sent.Title"],
            Html.Of($"<p class=\"saved\" role=\"status\">{words["Fresh.Sent"]}</p>")
        );
    }
}
