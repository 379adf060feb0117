using System.Security.Cryptography;
using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Import;
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
        var coachEmail = (await athletes.ListByCoachAsync(coachRef, ct)).FirstOrDefault()?.CoachEmail;
        if (!await holders.FreshFormAsync(token!, request, ct))
            return Page(
                400,
                "Not sent",
                Html.Of($"<p>The form was too old or already sent: open your page again.</p>")
            );
        var email = request.FormValue("email")?.Trim();
        if (email is null || !IsEmail(email))
            return Page(
                400,
                "Not sent",
                Html.Of($"<p>That is not an email address: open your page and try again.</p>")
            );
        if (coachEmail is null)
            return Page(
                400,
                "Not sent",
                Html.Of($"<p>BackSignal learns your address from your first athlete: ask its operator to add one.</p>")
            );
        var name = request.FormValue("name")?.Trim() is { Length: > 0 and <= 80 } n ? n : null;
        var invitation = await invitations.CreateAsync(coachEmail, email, name, time.GetUtcNow(), ct);
        await queue.SendAsync(new InvitationEmail(invitation.CoachRef, invitation.Id), ct);
        return Page(
            200,
            "Invitation sent",
            Html.Of(
                $"<p class=\"saved\" role=\"status\">An invitation is on its way to {email}. It shows on your page "
                    + $"until it is taken or expires ({invitation.Expires:yyyy-MM-dd}).</p>"
                    + $"<p><a href=\"/api/coach?t={token}\">Back to your athletes</a></p>"
            )
        );
    }

    private async Task<FrontDoorResponse> SignupAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
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
                return LinkProblem("This invitation was taken or has expired: ask your coach for a new one.");
        }
        else if (!string.Equals(configuration["Signup:Open"], "true", StringComparison.OrdinalIgnoreCase))
            return LinkProblem("Sign-up is by invitation: ask your coach to invite you.");

        var bound = token ?? OpenSignup;
        var action = token is null ? "/api/signup" : $"/api/signup?t={token}";
        var blank = new AthleteProfile
        {
            AthleteId = "new",
            Email = invitation?.Email ?? "",
            DisplayName = invitation?.Name,
            CoachEmail = invitation?.CoachEmail,
        };
        Html Form(IReadOnlyDictionary<string, string>? sent, IReadOnlyList<ValidationProblem> problems) =>
            SettingsPageView.Form(bound, tokens.FormNonce(bound), blank, sent, problems, action, askEmail: true);
        if (request.Method != "POST")
            return Page(200, "Join BackSignal", Form(null, []));

        if (!await holders.FreshFormAsync(bound, request, ct))
            return Page(
                400,
                "Join BackSignal",
                Form(request.Form, [new("form", "The form was too old or already sent: send it again.")])
            );
        var (profile, problems) = SettingsForm.Read(request.Form, blank, time.GetUtcNow().Year);
        var email = request.FormValue("email")?.Trim() ?? "";
        if (!IsEmail(email))
            problems.Insert(0, new ValidationProblem("email", "An email address, such as ana@example.com."));
        if (problems.Count > 0)
            return Page(400, "Join BackSignal", Form(request.Form, problems));

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
            "Check your email",
            Html.Of(
                $"<p class=\"saved\" role=\"status\">A link to confirm your address is on its way to {email}. Your "
                    + $"account exists once you open it (within a day).</p>"
            )
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
            return LinkProblem("This sign-up is already confirmed or has expired.");
        if (request.Method != "POST")
            return Page(
                200,
                "Confirm your address",
                Html.Of(
                    $"<p>Confirm {profile.Email} and create your account.</p><form method=\"post\" "
                        + $"action=\"/api/signup/verify?t={token}\"><p><button type=\"submit\">Create my account"
                        + $"</button></p></form>"
                )
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
            "Welcome to BackSignal",
            Html.Of(
                $"<p class=\"saved\" role=\"status\">Your account is ready.</p>"
                    + $"<p><a href=\"{tokens.Url(LinkPurpose.Me, me, "me")}\">Your page</a>: how to send your "
                    + $"exports, your week, your settings. Keep the link: it is also at the end of every email.</p>"
                    + $"<p><a href=\"{tokens.Url(LinkPurpose.Checkin, checkin, "checkin")}\">Check in</a> when your "
                    + $"back hurts: the advice shows the moment you send it.</p>"
            )
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
