using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
using BackSignal.Core.Messaging;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// The invitation a coach sends (to the address they gave) and the verification of a sign-up's address. Neither
/// names anything about training or health; both carry one signed link.
/// </summary>
public sealed class SignupEmailComposers(
    Invitations invitations,
    LinkTokens links,
    LedgeredSender sender,
    Configuration.TrainingClock time
)
{
    public async Task SendAsync(InvitationEmail request, CancellationToken ct)
    {
        var invitation =
            await invitations.FindAsync(request.CoachRef, request.InvitationId, ct)
            ?? throw new PermanentMessageException("No such invitation.");
        if (!invitation.Pending(time.GetUtcNow()))
            return;
        var url = links.Url(
            LinkPurpose.Invite,
            $"{invitation.CoachRef}|{invitation.Id}",
            "signup",
            invitation.Expires - time.GetUtcNow()
        );
        // In the language the coach chose for the invitation (their page offers their browser's first).
        var words = Words.For(invitation.Language);
        var lead = invitation.Name is { } n
            ? words["Invite.Email.Lead.Named", invitation.CoachEmail, n]
            : words["Invite.Email.Lead", invitation.CoachEmail];
        await SendAsync(
            request,
            invitation.Email,
            words["Invite.Email.Subject"],
            lead,
            words["Invite.Email.Choose"],
            words["Settings.SignUp"],
            url,
            new SafetyLines(words, null),
            ct
        );
    }

    public async Task SendAsync(VerificationEmail request, CancellationToken ct)
    {
        if (await invitations.FindSignupAsync(request.SignupId, time.GetUtcNow(), ct) is not var (profile, _, _))
            return; // expired or already verified: nothing to confirm
        var url = links.Url(LinkPurpose.Verify, request.SignupId, "signup/verify", Invitations.SignupValidFor);
        var safety = SafetyLines.For(profile);
        var words = safety.Words;
        await SendAsync(
            request,
            profile.Email,
            words["Verify.Email.Subject"],
            words["Verify.Email.Lead"],
            words["Verify.Email.More"],
            words["Verify.Email.Label"],
            url,
            safety,
            ct
        );
    }

    private Task SendAsync(
        EmailMessage request,
        string to,
        string subject,
        string lead,
        string more,
        string label,
        string url,
        SafetyLines safety,
        CancellationToken ct
    )
    {
        var email = new OutgoingEmail(
            to,
            subject,
            EmailLayout.Html(subject, "#1d4ed8", EmailLayout.Paragraph(lead) + EmailLayout.Paragraph(more), safety),
            $"{lead}\n\n{more}\n\n--\n{EmailLayout.NotADiagnosis(safety)}",
            request is InvitationEmail ? "invitation" : "verification",
            new Dictionary<string, string>()
        )
        {
            Language = safety.Words.Language,
        };
        return sender.SendOnceAsync(
            request.LedgerPartition,
            [(request.LedgerKey, request)],
            _ => Task.FromResult(EmailLinks.Append(email, "", label, url)),
            ct
        );
    }
}
