using System.Security.Cryptography;
using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Import;
using BackSignal.Core.Localization;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Configuration;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// Joining without an operator. `POST /api/invite` (the coach's page link and its nonce) invites an athlete by email;
/// `GET/POST /api/signup` (the invitation's link, or no link where `Signup:Open` is true) takes the athlete's name,
/// address, time zone, unit, birth year, health context and consents, and mails a link to verify the address;
/// `GET/POST /api/signup/verify` (that link) asks once, then creates the account: it exists only from then on.
/// </summary>
public sealed class SignupPages(
    LinkTokens tokens,
    AccessRefs access,
    AthleteStore athletes,
    Invitations invitations,
    LinkHolders holders,
    MessageQueue queue,
    IConfiguration configuration,
    Configuration.TrainingClock time
) : IFrontDoorHandler
{
    /// <summary>What a form without an invitation binds its nonce to.</summary>
    private const string OpenSignup = "open-signup";

    public Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct) =>
        request.Path == FrontDoorRoutes.Invite.Path ? InviteAsync(request, ct)
        : request.Path == FrontDoorRoutes.VerifyForm.Path ? VerifyAsync(request, ct)
        : SignupAsync(request, ct);

    private async Task<FrontDoorResponse> InviteAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
        var (coachRef, refusal) = await holders.CoachAsync(token, ct);
        if (coachRef is null)
            return refusal!;
        // A coach has no profile: their browser's language decides.
        var safety = SafetyLines.Browser;
        var words = safety.Words;
        var coachEmail = (await athletes.ListByCoachAsync(coachRef, ct)).FirstOrDefault()?.CoachEmail;
        if (!await holders.FreshFormAsync(token!, request, ct))
            return Page(400, words["Invite.Not"], Html.Of($"<p>{words["Invite.Stale"]}</p>"), safety);
        var email = request.FormValue("email")?.Trim();
        if (email is null || !IsEmail(email))
            return Page(400, words["Invite.Not"], Html.Of($"<p>{words["Invite.NotEmail"]}</p>"), safety);
        if (coachEmail is null)
            return Page(400, words["Invite.Not"], Html.Of($"<p>{words["Invite.NoCoachEmail"]}</p>"), safety);
        var name = request.FormValue("name")?.Trim() is { Length: > 0 and <= 80 } n ? n : null;
        var language = Languages.IsSupported(request.FormValue("language"))
            ? Languages.Normalize(request.FormValue("language"))
            : words.Language;
        var invitation = await invitations.CreateAsync(coachEmail, email, name, time.GetUtcNow(), ct, language);
        await queue.SendAsync(new InvitationEmail(invitation.CoachRef, invitation.Id), ct);
        var expires = words.Date(DateOnly.FromDateTime(invitation.Expires.UtcDateTime));
        return Page(
            200,
            words["Invite.Sent.Title"],
            Html.Of(
                $"<p class=\"saved\" role=\"status\">{words["Invite.Sent", email, expires]}</p>"
                    + $"<p><a href=\"/api/coach?t={token}\">{words["Coach.Back"]}</a></p>"
            ),
            safety
        );
    }

    private async Task<FrontDoorResponse> SignupAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
        // The language chosen on the form once it is sent, else the browser's.
        var language = Languages.IsSupported(request.FormValue("language"))
            ? Languages.Normalize(request.FormValue("language"))
            : RequestLanguage.Current;
        var words = Words.For(language);
        var safety = new SafetyLines(words, EmergencyLines.NormalizeCountry(request.FormValue("country")));
        Invitation? invitation = null;
        if (token is not null)
        {
            var (claims, problem) = tokens.Verify(token, LinkPurpose.Invite);
            if (claims is null)
                return LinkProblem(problem!);
            invitation = claims.Subject.Split('|') is [var coachRef, var id]
                ? await invitations.FindAsync(coachRef, id, ct)
                : null;
            if (invitation is null || !invitation.Pending(time.GetUtcNow()))
                return LinkProblem(words["Signup.InvitationGone"], safety);
        }
        else if (!string.Equals(configuration["Signup:Open"], "true", StringComparison.OrdinalIgnoreCase))
            return LinkProblem(words["Signup.ByInvitation"], safety);

        var bound = token ?? OpenSignup;
        var action = token is null ? "/api/signup" : $"/api/signup?t={token}";
        var blank = new AthleteProfile
        {
            AthleteId = "new",
            Email = invitation?.Email ?? "",
            DisplayName = invitation?.Name,
            CoachEmail = invitation?.CoachEmail,
            Language = language,
            Country = Countries.FromAcceptLanguage(request.Header("Accept-Language")),
        };
        Html Form(IReadOnlyDictionary<string, string>? sent, IReadOnlyList<ValidationProblem> problems) =>
            SettingsPageView.Form(bound, tokens.FormNonce(bound), blank, sent, problems, words, action, askEmail: true);
        var title = words["Signup.Title"];
        if (request.Method != "POST")
            return Page(200, title, Form(null, []), safety);

        if (!await holders.FreshFormAsync(bound, request, ct))
            return Page(400, title, Form(request.Form, [new("form", words["Signup.Stale"])]), safety);
        var (profile, problems) = SettingsForm.Read(request.Form, blank, time.GetUtcNow().Year, words);
        var email = request.FormValue("email")?.Trim() ?? "";
        if (!IsEmail(email))
            problems.Insert(0, new ValidationProblem("email", words["Signup.NotEmail"]));
        // The advice names the country's numbers: a new account says which country it is in.
        if (profile.Country is null && problems.All(p => p.Field != "country"))
            problems.Add(new ValidationProblem("country", words["Settings.Problem.CountryNeeded"]));
        if (problems.Count > 0)
            return Page(400, title, Form(request.Form, problems), safety);

        var signup = await invitations.SaveSignupAsync(
            profile with
            {
                Email = email,
            },
            invitation,
            time.GetUtcNow(),
            ct
        );
        await queue.SendAsync(new VerificationEmail(signup), ct);
        return Page(
            200,
            words["Signup.CheckEmail.Title"],
            Html.Of($"<p class=\"saved\" role=\"status\">{words["Signup.CheckEmail", email]}</p>"),
            SafetyLines.For(profile)
        );
    }

    private async Task<FrontDoorResponse> VerifyAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
        var (claims, problem) = tokens.Verify(token, LinkPurpose.Verify);
        if (claims is null)
            return LinkProblem(problem!);
        if (
            await invitations.FindSignupAsync(claims.Subject, time.GetUtcNow(), ct)
            is not var (profile, coachRef, inviteId)
        )
            return LinkProblem(SafetyLines.Browser.Words["Signup.Confirmed"]);
        var safety = SafetyLines.For(profile);
        var words = safety.Words;
        if (request.Method != "POST")
            return Page(
                200,
                words["Signup.Confirm.Title"],
                Html.Of(
                    $"<p>{words["Signup.Confirm", profile.Email]}</p><form method=\"post\" "
                        + $"action=\"/api/signup/verify?t={token}\"><p><button type=\"submit\">"
                        + $"{words["Signup.Create"]}</button></p></form>"
                ),
                safety
            );

        var athleteId = await NewIdAsync(profile.Email, ct);
        await athletes.UpsertAsync(profile with { AthleteId = athleteId }, ct);
        if (
            coachRef is not null
            && inviteId is not null
            && await invitations.FindAsync(coachRef, inviteId, ct) is { } taken
        )
            await invitations.MarkAcceptedAsync(taken, time.GetUtcNow(), ct);
        await invitations.RemoveSignupAsync(claims.Subject, ct);
        var me = await access.GetOrCreateAsync(athleteId, AccessPurpose.Me, ct);
        var checkin = await access.GetOrCreateAsync(athleteId, AccessPurpose.Checkin, ct);
        return Page(
            200,
            words["Signup.Welcome.Title"],
            Html.Of(
                $"<p class=\"saved\" role=\"status\">{words["Signup.Ready"]}</p>"
                    + $"<p><a href=\"{tokens.Url(LinkPurpose.Me, me, "me")}\">{words["Signup.YourPage"]}</a>"
                    + $"{words["Signup.YourPage.What"]}</p>"
                    + $"<p><a href=\"{tokens.Url(LinkPurpose.Checkin, checkin, "checkin")}\">{words["Signup.CheckIn"]}"
                    + $"</a>{words["Signup.CheckIn.What"]}</p>"
            ),
            safety
        );
    }

    /// <summary>An id from the address's name and four random hex digits, never one already taken.</summary>
    private async Task<string> NewIdAsync(string email, CancellationToken ct)
    {
        var stem = new string(
            email
                .Split('@')[0]
                .ToLowerInvariant()
                .Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
                .Take(40)
                .ToArray()
        );
        while (true)
        {
            var id =
                $"{(stem.Length > 0 ? stem : "athlete")}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
            if (AthleteIds.IsValid(id) && await athletes.FindAsync(id, ct) is null)
                return id;
        }
    }

    private static bool IsEmail(string text) =>
        text.Length is > 2 and <= 254
        && text.IndexOf('@') is > 0 and var at
        && at < text.Length - 1
        && !text.Contains(' ');
}
