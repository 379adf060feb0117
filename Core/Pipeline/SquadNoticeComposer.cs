using BackSignal.Core.Email;
using BackSignal.Core.Localization;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>The squad notices: an athlete left (to the coach), a coach removed an athlete (to the athlete).</summary>
public sealed class SquadNoticeComposer(AthleteStore athletes, CoachPreferences coaches, LedgeredSender sender)
{
    /// <summary>To the coach, in the language of their last visit to their page.</summary>
    public async Task SendAsync(AthleteLeftEmail request, CancellationToken ct)
    {
        var safety = new SafetyLines(
            Words.For(await coaches.LanguageAsync(CoachRefs.Of(request.CoachEmail), ct)),
            null
        );
        await SendAsync(
            request,
            request.CoachEmail,
            safety.Words["Squad.Left.Subject", request.Name],
            safety.Words["Squad.Left", request.Name],
            "athlete-left",
            safety,
            ct
        );
    }

    public async Task SendAsync(RemovedFromSquadEmail request, CancellationToken ct)
    {
        if (await athletes.FindAsync(request.AthleteId, ct) is not { } profile)
            return; // the account is gone meanwhile: nobody to tell
        var safety = SafetyLines.For(profile);
        await SendAsync(
            request,
            profile.Email,
            safety.Words["Squad.Removed.Subject"],
            safety.Words["Squad.Removed", request.CoachEmail],
            "removed-from-squad",
            safety,
            ct
        );
    }

    private Task SendAsync(
        EmailMessage request,
        string to,
        string subject,
        string text,
        string category,
        SafetyLines safety,
        CancellationToken ct
    ) =>
        sender.SendOnceAsync(
            request.LedgerPartition,
            [(request.LedgerKey, request)],
            _ =>
                Task.FromResult(
                    new OutgoingEmail(
                        to,
                        subject,
                        EmailLayout.Html(subject, "#1d4ed8", EmailLayout.Paragraph(text), safety),
                        $"{text}\n\n--\n{EmailLayout.NotADiagnosis(safety)}",
                        category,
                        new Dictionary<string, string>()
                    )
                    {
                        Language = safety.Words.Language,
                    }
                ),
            ct
        );
}
