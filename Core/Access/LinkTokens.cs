using System.Buffers.Binary;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using BackSignal.Core.Configuration;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Access;

/// <summary>What a link lets its holder do; a token for one purpose opens nothing else.</summary>
public enum LinkPurpose : byte
{
    Checkin = 1,
    Coach = 2,
    Upload = 3,

    /// <summary>"This was planned": marks one ISO week of one athlete as a planned hard week.</summary>
    Planned = 4,

    /// <summary>Stops one kind of email (RFC 8058 one-click), for an athlete or a coach.</summary>
    Unsubscribe = 5,

    /// <summary>The athlete's own page: figures, chart, alerts, check-ins, how to send exports.</summary>
    Me = 6,

    /// <summary>A copy of one's data, or the account's erasure: mailed to the athlete, valid an hour.</summary>
    DataRights = 7,

    /// <summary>A coach's invitation to sign up (subject: the coach's reference and the invitation).</summary>
    Invite = 8,

    /// <summary>The verification of a sign-up's address (subject: the waiting sign-up).</summary>
    Verify = 9,
}

/// <summary>Settings of section "Links" (Links__SigningKey, a Key Vault secret in Azure).</summary>
public sealed class LinkOptions
{
    public const string Section = "Links";

    /// <summary>The HMAC-SHA256 key of every link: base64 of at least 32 random bytes.</summary>
    [SecretKey]
    public string? SigningKey { get; set; }

    /// <summary>The key before the last rotation: its links keep working until they expire.</summary>
    [SecretKey(UnresolvedMeansUnset = true)]
    public string? PreviousSigningKey { get; set; }

    /// <summary>Where the HTTP front door answers, for the links printed and emailed.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>How long a link lasts unless the command says otherwise.</summary>
    [Range(1, 400)]
    public int DefaultDays { get; set; } = 30;
}

/// <summary>What a valid token says: what for, for whom (an opaque reference, never an id) and until when.</summary>
public sealed record LinkClaims(LinkPurpose Purpose, string Subject, DateTimeOffset Expires);

/// <summary>
/// Signed link tokens (docs/design.md#front-door): version, purpose, expiry and an opaque subject, base64url, then a
/// dot and the first 16 bytes of their HMAC-SHA256. Nothing in a token is secret, nothing in it names a person (the
/// subject is a revocable random reference), and nothing in it can be changed without the key.
/// </summary>
public sealed class LinkTokens(IOptions<LinkOptions> options, TimeProvider clock)
{
    private const byte Version = 1;
    private const int MacBytes = 16;

    public bool Configured =>
        options.Value.SigningKey is { Length: > 0 } key && SecretKeyAttribute.Problem(key) is null;

    public string Issue(LinkPurpose purpose, string subject, TimeSpan validFor)
    {
        var key =
            options.Value.SigningKey
            ?? throw new InvalidOperationException("Links__SigningKey is not set: no link can be signed.");
        var subjectBytes = Encoding.UTF8.GetBytes(subject);
        var payload = new byte[10 + subjectBytes.Length];
        payload[0] = Version;
        payload[1] = (byte)purpose;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(2), (clock.GetUtcNow() + validFor).ToUnixTimeSeconds());
        subjectBytes.CopyTo(payload, 10);
        return $"{Base64Url(payload)}.{Base64Url(Mac(key, payload))}";
    }

    /// <summary>
    /// The signed front-door URL of <paramref name="route"/> ("checkin", "coach", …) for <paramref name="subject"/>,
    /// valid for <paramref name="validFor"/> or the configured <see cref="LinkOptions.DefaultDays"/>.
    /// </summary>
    public string Url(LinkPurpose purpose, string subject, string route, TimeSpan? validFor = null)
    {
        var token = Issue(purpose, subject, validFor ?? TimeSpan.FromDays(options.Value.DefaultDays));
        return $"{options.Value.PublicBaseUrl.TrimEnd('/')}/api/{route}?t={token}";
    }

    /// <summary>The claims of a token issued for <paramref name="purpose"/>, or why it opens nothing.</summary>
    public (LinkClaims? Claims, string? Problem) Verify(string? token, LinkPurpose purpose) =>
        Verify(token, purpose, allowExpired: false);

    /// <summary>
    /// The claims of a token that BackSignal issued for <paramref name="purpose"/> and that has only expired (within a
    /// year), or null: what may ask for a fresh link to be mailed to the address on file.
    /// </summary>
    public LinkClaims? Expired(string? token, LinkPurpose purpose) =>
        Verify(token, purpose, allowExpired: true).Claims is { } claims
        && claims.Expires <= clock.GetUtcNow()
        && claims.Expires > clock.GetUtcNow().AddYears(-1)
            ? claims
            : null;

    private (LinkClaims? Claims, string? Problem) Verify(string? token, LinkPurpose purpose, bool allowExpired)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512 || token.Split('.') is not [var body, var mac])
            return (null, "This link is incomplete: open it again from the email or ask for a new one.");
        byte[] payload,
            given;
        try
        {
            payload = FromBase64Url(body);
            given = FromBase64Url(mac);
        }
        catch (FormatException)
        {
            return (null, "This link is incomplete: open it again from the email or ask for a new one.");
        }
        // One spelling per token: padding, spaces or other encodings of the same bytes are not the token, so a token
        // has one rate-limit bucket and one form nonce.
        if (Base64Url(payload) != body || Base64Url(given) != mac)
            return (null, "This link is incomplete: open it again from the email or ask for a new one.");
        // Only real keys: an unset or unresolved previous key is no key at all.
        var keys = new[] { options.Value.SigningKey, options.Value.PreviousSigningKey }
            .OfType<string>()
            .Where(k => SecretKeyAttribute.Problem(k) is null);
        if (payload.Length < 11 || !keys.Any(k => CryptographicOperations.FixedTimeEquals(Mac(k, payload), given)))
            return (null, "This link is not valid: it was changed or it was never issued by BackSignal.");
        if (payload[0] != Version || payload[1] != (byte)purpose)
            return (null, "This link is for something else: use the link made for this page.");
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(2)));
        if (expires <= clock.GetUtcNow() && !allowExpired)
            return (null, $"This link expired on {expires:yyyy-MM-dd}: ask for a new one.");
        return (new LinkClaims(purpose, Encoding.UTF8.GetString(payload, 10, payload.Length - 10), expires), null);
    }

    /// <summary>
    /// A per-form nonce bound to the link's token and the time the form was served: a POST must carry both, so a page
    /// elsewhere cannot make a browser submit a check-in (CSRF) and a form is good for two hours.
    /// </summary>
    public string FormNonce(string token)
    {
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        // Random per form served, so that each form can be sent once (UsedNonces) and a form served again is new.
        var salt = Base64Url(RandomNumberGenerator.GetBytes(12));
        var mac = Mac(options.Value.SigningKey!, Encoding.UTF8.GetBytes($"form|{token}|{minute}|{salt}"));
        return $"{minute}.{salt}.{Base64Url(mac)}";
    }

    public bool VerifyFormNonce(string token, string? nonce)
    {
        if (nonce?.Split('.') is not [var minuteText, var salt, var mac] || !long.TryParse(minuteText, out var minute))
            return false;
        var age = clock.GetUtcNow().ToUnixTimeSeconds() / 60 - minute;
        if (age is < 0 or > 120)
            return false;
        var expected = Encoding.UTF8.GetBytes(
            Base64Url(Mac(options.Value.SigningKey!, Encoding.UTF8.GetBytes($"form|{token}|{minute}|{salt}")))
        );
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(mac));
    }

    private static byte[] Mac(string key, byte[] payload) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), payload)[..MacBytes];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }
}

/// <summary>What a link's access reference stands for, beside athletes: a coach is "coach-{coachRef}".</summary>
public static class LinkSubjects
{
    // '~' is not allowed in athlete ids: a coach's reference can never share a partition with an athlete.
    public const string CoachPrefix = "~coach-";
}
