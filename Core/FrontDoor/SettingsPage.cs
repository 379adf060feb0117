using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Import;
using BackSignal.Core.Localization;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// `GET/POST /api/settings?t=TOKEN` (the athlete's page link): every field the athlete owns — name, time zone, unit,
/// body mass and heart rates, birth year and health context (each explained, with why it is asked), the two consents
/// apart, and which emails come. A bad value gets its message beside the field, the answers are kept, and the
/// fields that read are saved. A POST needs the form's nonce, once.
/// </summary>
public sealed class SettingsPage(
    LinkTokens tokens,
    LinkHolders holders,
    AthleteStore athletes,
    ConnectionStore connections,
    Pipeline.ConnectedAccounts accounts,
    Configuration.TrainingClock time
) : IFrontDoorHandler
{
    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
        var (linked, refusal) = await holders.AthleteAsync(token, LinkPurpose.Me, AccessPurpose.Me, ct);
        if (linked is null)
            return refusal!;
        var profile = linked.Profile;
        var safety = SafetyLines.For(profile);
        var words = safety.Words;
        if (request.Method != "POST")
            return Page(
                200,
                words["Settings.Title"],
                SettingsPageView.Form(token!, tokens.FormNonce(token!), profile, null, [], words)
                    + PlanForm.View(token!, tokens.FormNonce(token!), profile, words)
                    + ConnectionPages.View(
                        token!,
                        tokens.FormNonce(token!),
                        await connections.ListAsync(profile.AthleteId, ct),
                        accounts.StravaOffered,
                        words
                    ),
                safety
            );

        if (!await holders.FreshFormAsync(token!, request, ct))
            return Page(
                400,
                words["Settings.Title"],
                SettingsPageView.Form(
                    token!,
                    tokens.FormNonce(token!),
                    profile,
                    request.Form,
                    [new ValidationProblem("form", words["Settings.Problem.Stale"])],
                    words
                ),
                safety
            );
        var (_, problems) = SettingsForm.Read(request.Form, profile, time.GetUtcNow().Year, words);
        // Applied to the profile as stored when written: a change made meanwhile elsewhere (an unsubscribe) stays.
        var changed =
            await athletes.UpdateAsync(
                profile.AthleteId,
                stored => SettingsForm.Read(request.Form, stored, time.GetUtcNow().Year, words).Profile,
                ct
            ) ?? profile;
        // The answer comes in the language just chosen.
        safety = SafetyLines.For(changed);
        words = safety.Words;
        var saved =
            problems.Count == 0
                ? Html.Of($"<p class=\"saved\" role=\"status\">{words["Settings.Saved"]}</p>")
                : Html.Of($"<p class=\"error\" role=\"alert\">{words["Settings.SavedExcept"]}</p>");
        return Page(
            problems.Count == 0 ? 200 : 400,
            words["Settings.Title"],
            saved + SettingsPageView.Form(token!, tokens.FormNonce(token!), changed, request.Form, problems, words),
            safety
        );
    }
}
