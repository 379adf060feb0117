using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
using BackSignal.Core.Messaging;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>A fresh link for an expired one, to the address on file: the athlete's, or the coach's.</summary>
public sealed class FreshLinkComposer(AthleteStore athletes, AccessRefs access, LinkTokens links, LedgeredSender sender)
{
    public async Task SendAsync(FreshLinkEmail request, CancellationToken ct)
    {
        var (purpose, accessPurpose) = request.Purpose switch
        {
            "checkin" => (LinkPurpose.Checkin, AccessPurpose.Checkin),
            "me" => (LinkPurpose.Me, AccessPurpose.Me),
            "coach" => (LinkPurpose.Coach, AccessPurpose.Coach),
            _ => throw new PermanentMessageException($"'{request.Purpose}' is not a link that can be renewed."),
        };
        string? to;
        string subject;
        // An athlete's link in their language and with their numbers; a coach has no profile: English.
        var safety = SafetyLines.English;
        if (request.CoachRef is { } coachRef)
        {
            to = (await athletes.ListByCoachAsync(coachRef, ct)).FirstOrDefault()?.CoachEmail;
            subject = LinkSubjects.CoachPrefix + coachRef;
        }
        else
        {
            var athlete = await athletes.KnownAthleteAsync(request.AthleteId, ct);
            to = athlete.Email;
            subject = request.AthleteId;
            safety = SafetyLines.For(athlete);
        }
        var words = safety.Words;
        if (to is null)
            return; // a coach no athlete names any more: nobody to send it to
        var reference = await access.GetOrCreateAsync(subject, accessPurpose, ct);
        var url = links.Url(purpose, reference, request.Purpose);
        var what = request.Purpose;
        var title = words[$"Fresh.Title.{what}"];
        var email = new OutgoingEmail(
            to,
            title,
            EmailLayout.Html(title, "#1d4ed8", EmailLayout.Paragraph(words["Fresh.Lead"]), safety),
            $"{words["Fresh.Lead"]}\n\n--\n{EmailLayout.NotADiagnosis(safety)}",
            "fresh-link",
            new Dictionary<string, string>()
        )
        {
            Language = words.Language,
        };
        await sender.SendOnceAsync(
            request.LedgerPartition,
            [(request.LedgerKey, request)],
            _ => Task.FromResult(EmailLinks.Append(email, "", words[$"Fresh.Open.{what}"], url)),
            ct
        );
    }
}
