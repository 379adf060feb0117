using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// The signed links athlete and coach emails carry (when links are configured), with their words in the email's own
/// language (<see cref="OutgoingEmail.Language"/>).
/// </summary>
public sealed class SignedEmailLinks(LinkTokens links, AccessRefs access)
{
    /// <summary>
    /// The text key of the words above the check-in link of an alert email: none under an emergency (nothing there
    /// but what to do), a plain one under other doctor alerts.
    /// </summary>
    public static string? CheckinPrompt(IReadOnlyList<Rules.Alert> alerts) =>
        alerts.Any(a => a.Tier == Rules.AlertTier.Emergency) ? null
        : alerts.Any(a => a.IsDoctorAlert) ? "Links.Checkin.Again"
        : CheerfulPrompt;

    public const string CheerfulPrompt = "Links.Checkin.Cheerful";

    /// <summary>
    /// Overload emails carry "this was planned" (docs/plans.md): a signed link that marks the alert's week as a
    /// planned hard week, for the athlete or the coach who got it.
    /// </summary>
    public async Task<OutgoingEmail> WithPlannedLinkAsync(
        string athleteId,
        IReadOnlyList<Rules.Alert> alerts,
        Model.Recipient recipient,
        OutgoingEmail email,
        CancellationToken ct
    )
    {
        if (!links.Configured || alerts.Count == 0 || alerts.Any(a => a.IsFromPain))
            return email;
        var reference = await access.GetOrCreateAsync(athleteId, AccessPurpose.Planned, ct);
        var week = Weekly.IsoWeek.Of(alerts.Max(a => a.Date));
        var subject = Weekly.PlannedLinks.Subject(reference, week, recipient);
        var words = Words.For(email.Language);
        return EmailLinks.Append(
            email,
            words["Links.Planned", week],
            words["Links.Planned.Label"],
            links.Url(LinkPurpose.Planned, subject, "planned")
        );
    }

    /// <summary>
    /// Athlete emails carry the athlete's check-in link and, beside it, their own page (when links are configured).
    /// </summary>
    public async Task<OutgoingEmail> WithCheckinLinkAsync(
        string athleteId,
        OutgoingEmail email,
        CancellationToken ct,
        string prompt = CheerfulPrompt
    )
    {
        if (!links.Configured)
            return email;
        var words = Words.For(email.Language);
        var reference = await access.GetOrCreateAsync(athleteId, AccessPurpose.Checkin, ct);
        email = EmailLinks.Append(
            email,
            words[prompt],
            words["Links.Checkin.Label"],
            links.Url(LinkPurpose.Checkin, reference, "checkin")
        );
        var page = await access.GetOrCreateAsync(athleteId, AccessPurpose.Me, ct);
        return EmailLinks.Append(
            email,
            words["Links.Me"],
            words["Links.Me.Label"],
            links.Url(LinkPurpose.Me, page, "me")
        );
    }

    /// <summary>The coach digest carries the coach's page.</summary>
    public async Task<OutgoingEmail> WithCoachLinkAsync(string coachRef, OutgoingEmail email, CancellationToken ct)
    {
        if (!links.Configured)
            return email;
        var reference = await access.GetOrCreateAsync(LinkSubjects.CoachPrefix + coachRef, AccessPurpose.Coach, ct);
        return EmailLinks.Append(
            email,
            "All your athletes, ranked by who needs you first, with their 8-week charts:",
            "Open your coach page",
            links.Url(LinkPurpose.Coach, reference, "coach")
        );
    }

    /// <summary>How long an unsubscribe link works: people unsubscribe from old emails too.</summary>
    public static readonly TimeSpan UnsubscribeValidFor = TimeSpan.FromDays(365);

    /// <summary>
    /// An email that may be stopped carries its one-click unsubscribe URL (sent as RFC 8058 headers) and a last line
    /// with the same link. <paramref name="subject"/> is the athlete's id or the coach's subject
    /// (<see cref="LinkSubjects.CoachPrefix"/> and their reference); the link carries neither, only a reference.
    /// </summary>
    public async Task<OutgoingEmail> WithUnsubscribeAsync(
        string subject,
        string kind,
        OutgoingEmail email,
        CancellationToken ct
    )
    {
        if (!links.Configured || Model.EmailChoices.Describe(kind) is null)
            return email;
        var words = Words.For(email.Language);
        var reference = await access.GetOrCreateAsync(subject, AccessPurpose.Unsubscribe, ct);
        var url = links.Url(
            LinkPurpose.Unsubscribe,
            Weekly.UnsubscribeLinks.Subject(reference, kind),
            "unsubscribe",
            UnsubscribeValidFor
        );
        return EmailLinks.Append(
            email with
            {
                OneClickUnsubscribe = url,
            },
            words["Links.Unsubscribe", words[$"Email.Choice.{kind}"]],
            words["Links.Unsubscribe.Label"],
            url
        );
    }
}
