using BackSignal.Core.Access;
using BackSignal.Core.Email;
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
        const string subject = "Your coach invites you to BackSignal";
        var lead =
            $"{invitation.CoachEmail} invites you to BackSignal{(invitation.Name is { } n ? $", {n}" : "")}. It reads "
            + "the workout exports you already have and warns, rarely and with its reasons, when your training load "
            + "rises faster than your lower back usually adapts, and when a check-in shows signs that need a doctor.";
        const string choose =
            "What your coach sees is yours to choose when you sign up, and to change any time. The link works for two "
            + "weeks.";
        await SendAsync(request, invitation.Email, subject, lead, choose, "Sign up", url, ct);
    }

    public async Task SendAsync(VerificationEmail request, CancellationToken ct)
    {
        if (await invitations.FindSignupAsync(request.SignupId, time.GetUtcNow(), ct) is not var (profile, _, _))
            return; // expired or already verified: nothing to confirm
        var url = links.Url(LinkPurpose.Verify, request.SignupId, "signup/verify", Invitations.SignupValidFor);
        await SendAsync(
            request,
            profile.Email,
            "Confirm your address for BackSignal",
            "Open the link below to confirm this address: your BackSignal account exists once you do.",
            "The link works for one day. If you did not sign up, ignore this email: nothing is kept.",
            "Confirm my address",
            url,
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
        CancellationToken ct
    )
    {
        var email = new OutgoingEmail(
            to,
            subject,
            EmailLayout.Html(subject, "#1d4ed8", EmailLayout.Paragraph(lead) + EmailLayout.Paragraph(more)),
            $"{lead}\n\n{more}\n\n--\n{EmailLayout.NotADiagnosis()}",
            request is InvitationEmail ? "invitation" : "verification",
            new Dictionary<string, string>()
        );
        return sender.SendOnceAsync(
            request.LedgerPartition,
            [(request.LedgerKey, request)],
            _ => Task.FromResult(EmailLinks.Append(email, "", label, url)),
            ct
        );
    }
}
