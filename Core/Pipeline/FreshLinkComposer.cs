using BackSignal.Core.Access;
using BackSignal.Core.Email;
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
        if (request.CoachRef is { } coachRef)
        {
            to = (await athletes.ListByCoachAsync(coachRef, ct)).FirstOrDefault()?.CoachEmail;
            subject = LinkSubjects.CoachPrefix + coachRef;
        }
        else
        {
            to = (await athletes.KnownAthleteAsync(request.AthleteId, ct)).Email;
            subject = request.AthleteId;
        }
        if (to is null)
            return; // a coach no athlete names any more: nobody to send it to
        var reference = await access.GetOrCreateAsync(subject, accessPurpose, ct);
        var url = links.Url(purpose, reference, request.Purpose);
        var what = purpose switch
        {
            LinkPurpose.Checkin => "check-in",
            LinkPurpose.Me => "page",
            _ => "coach's page",
        };
        var title = $"Your fresh BackSignal {what} link";
        var email = new OutgoingEmail(
            to,
            title,
            EmailLayout.Html(title, "#1d4ed8", EmailLayout.Paragraph("You asked for a fresh link: here it is.")),
            $"You asked for a fresh link: here it is.\n\n--\n{EmailLayout.NotADiagnosis()}",
            "fresh-link",
            new Dictionary<string, string>()
        );
        await sender.SendOnceAsync(
            request.LedgerPartition,
            [(request.LedgerKey, request)],
            _ => Task.FromResult(EmailLinks.Append(email, "", $"Open your {what}", url)),
            ct
        );
    }
}
