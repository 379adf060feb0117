using System.Threading.RateLimiting;
using BackSignal.Core.Access;
using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Import;
using BackSignal.Core.Localization;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// `GET/POST /api/checkin?t=TOKEN`: the pain check-in (docs/checkin.md) as a form an athlete fills on a phone from
/// the link in their email. The answer leads with the advice of the highest see-a-doctor tier reached by today's
/// answers and the stored history together (emergency first and prominent). A red flag is acted on whatever else
/// is wrong with the form: the advice comes first, the check-in is queued with every answer that reads (so the
/// email follows), and the field messages come after it.
/// </summary>
public sealed class CheckinPage(
    LinkTokens tokens,
    LinkHolders holders,
    CheckinTriage triage,
    MessageQueue queue,
    TrainingClock time
) : IFrontDoorHandler
{
    // Per instance, per verified subject (every spelling and every token of one athlete shares it): enough to stop
    // a script hammering a link, not a quota.
    private static readonly PartitionedRateLimiter<string> PerSubject = PartitionedRateLimiter.Create<string, string>(
        subject =>
            RateLimitPartition.GetFixedWindowLimiter(
                subject,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) }
            )
    );

    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        // The link rides in the query for the POST too: it is checked before the form is read.
        var token = request.QueryValue("t");
        var (linked, refusal) = await holders.AthleteAsync(token, LinkPurpose.Checkin, AccessPurpose.Checkin, ct);
        if (linked is null)
            return refusal!;
        var profile = linked.Profile;
        var safety = SafetyLines.For(profile);
        var words = safety.Words;
        var title = words["Checkin.Title"];
        if (request.Method != "POST")
            return Page(200, title, CheckinPageView.Form(token!, tokens.FormNonce(token!), Empty, [], words), safety);

        using var lease = PerSubject.AttemptAcquire(linked.Reference);
        if (!lease.IsAcquired)
            return Page(429, words["Checkin.TooMany.Title"], Html.Of($"<p>{words["Checkin.TooMany"]}</p>"), safety);

        var today = profile.LocalDate(time.GetUtcNow());
        var (checkin, problems) = CheckinForm.Read(request.Form, profile.AthleteId, today, words);
        var assessment = await triage.AssessAsync(profile, checkin, ct);
        // The form again, with its answers and these messages (a new nonce each time it is served).
        Html FormAgain(IReadOnlyList<ValidationProblem> shown) =>
            CheckinPageView.Form(token!, tokens.FormNonce(token!), request.Form, shown, words);
        // A form is sent once: a captured POST sent again cannot overwrite a newer answer of the day.
        if (!await holders.FreshFormAsync(token!, request, ct))
        {
            // A form too old (or not ours) is not saved, but what its answers call for is shown all the same.
            var stale = new ValidationProblem("form", words["Checkin.Problem.Stale"]);
            var again = FormAgain([stale, .. problems]);
            return assessment.Alert is null
                ? Page(400, title, again, safety)
                : Page(200, Headline(assessment), CheckinPageView.Answer(assessment, saved: false) + again, safety);
        }
        // Nothing reached and something unreadable: nothing to act on yet, so the form comes back to be completed.
        if (problems.Count > 0 && assessment.Alert is null)
            return Page(400, title, FormAgain(problems), safety);

        await queue.SendAsync(QueueNames.Checkins, checkin, ct);
        var answer = CheckinPageView.Answer(assessment, saved: true);
        if (problems.Count > 0)
            answer += Html.Of($"<h2>{words["Checkin.NotAllSaved"]}</h2>{FormAgain(problems)}");
        else
            answer += Html.Of($"<p><a href=\"/api/checkin?t={token}\">{words["Checkin.Change"]}</a></p>");
        return Page(200, Headline(assessment), answer, safety);
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static string Headline(CheckinAssessment assessment) =>
        assessment.Safety.Words[
            assessment.Alert is { } alert && assessment.Leads
                ? alert.Tier switch
                {
                    AlertTier.Emergency => "Checkin.Headline.Emergency",
                    AlertTier.Urgent => "Checkin.Headline.Urgent",
                    _ => "Checkin.Headline.Soon",
                }
                : "Checkin.Headline.Saved"
        ];
}
