using BackSignal.Core.Access;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>An athlete a link opens, and the link's reference (what rate limits key on: never the id).</summary>
public sealed record LinkedAthlete(AthleteProfile Profile, string Reference);

/// <summary>
/// Who a page's link belongs to, and whether a form sent from it may count: the checks every handler makes first,
/// in one place. A refusal is the page to answer (an expired link's offers a fresh one).
/// </summary>
public sealed class LinkHolders(LinkTokens tokens, AccessRefs access, AthleteStore athletes, UsedNonces nonces)
{
    private const string Revoked = "This link was revoked: ask for a new one.";

    /// <summary>The athlete whose <paramref name="purpose"/> link the token is, or the refusal.</summary>
    public async Task<(LinkedAthlete? Athlete, FrontDoorResponse? Refusal)> AthleteAsync(
        string? token,
        LinkPurpose purpose,
        AccessPurpose accessPurpose,
        CancellationToken ct
    )
    {
        var (claims, problem) = tokens.Verify(token, purpose);
        if (claims is null)
            return (null, FreshLinks.Refusal(tokens, token, purpose, problem!));
        var athleteId = await access.FindAthleteAsync(claims.Subject, accessPurpose, ct);
        return (athleteId is null ? null : await athletes.FindAsync(athleteId, ct)) is { } profile
            ? (new LinkedAthlete(profile, claims.Subject), null)
            : (null, LinkProblem(Revoked));
    }

    /// <summary>The coach (their reference) whose page link <paramref name="token"/> is, or the refusal.</summary>
    public async Task<(string? CoachRef, FrontDoorResponse? Refusal)> CoachAsync(string? token, CancellationToken ct)
    {
        var (claims, problem) = tokens.Verify(token, LinkPurpose.Coach);
        if (claims is null)
            return (null, FreshLinks.Refusal(tokens, token, LinkPurpose.Coach, problem!));
        var subject = await access.FindAthleteAsync(claims.Subject, AccessPurpose.Coach, ct);
        return subject is not null && subject.StartsWith(LinkSubjects.CoachPrefix, StringComparison.Ordinal)
            ? (subject[LinkSubjects.CoachPrefix.Length..], null)
            : (null, LinkProblem(Revoked));
    }

    /// <summary>
    /// True when the form was read whole and carries a nonce served for <paramref name="token"/> that was not used
    /// before (it is used now): a page elsewhere cannot submit it, and a captured POST cannot be sent again.
    /// </summary>
    public async Task<bool> FreshFormAsync(string token, FrontDoorRequest request, CancellationToken ct)
    {
        var nonce = request.FormValue("nonce");
        return request.FormError is null
            && tokens.VerifyFormNonce(token, nonce)
            && await nonces.TryUseAsync(nonce!, ct);
    }
}
