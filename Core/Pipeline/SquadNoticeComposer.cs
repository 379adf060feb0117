using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>The squad notices: an athlete left (to the coach), a coach removed an athlete (to the athlete).</summary>
public sealed class SquadNoticeComposer(AthleteStore athletes, LedgeredSender sender)
{
    public Task SendAsync(AthleteLeftEmail request, CancellationToken ct) =>
        SendAsync(
            request,
            request.CoachEmail,
            $"{request.Name} left BackSignal",
            $"{request.Name} deleted their BackSignal account: they no longer appear on your page, and nothing of "
                + "their training is kept.",
            "athlete-left",
            ct
        );

    public async Task SendAsync(RemovedFromSquadEmail request, CancellationToken ct)
    {
        if (await athletes.FindAsync(request.AthleteId, ct) is not { } profile)
            return; // the account is gone meanwhile: nobody to tell
        await SendAsync(
            request,
            profile.Email,
            "Your coach removed you from their squad",
            $"{request.CoachEmail} removed you from their athletes on BackSignal: they no longer see your training, "
                + "alerts or anything you shared. Your account and your data stay yours, as before.",
            "removed-from-squad",
            ct
        );
    }

    private Task SendAsync(
        EmailMessage request,
        string to,
        string subject,
        string text,
        string category,
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
                        EmailLayout.Html(subject, "#1d4ed8", EmailLayout.Paragraph(text)),
                        $"{text}\n\n--\n{EmailLayout.NotADiagnosis()}",
                        category,
                        new Dictionary<string, string>()
                    )
                ),
            ct
        );
}
