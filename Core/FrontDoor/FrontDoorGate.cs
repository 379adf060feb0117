using System.Security.Cryptography;
using System.Text;
using BackSignal.Core.Access;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// What a request must show before its body is read: the route's signed link (`?t=`) or the webhook's key
/// (`?code=`). Nobody without one can make the host read, buffer or drain a body.
/// </summary>
public sealed class FrontDoorGate(LinkTokens tokens, IOptions<InboundOptions> inbound)
{
    /// <summary>Null when the request may go on to its body, else the answer to give at once.</summary>
    public FrontDoorResponse? Admit(FrontDoorRoutes.Route route, IReadOnlyDictionary<string, string> query)
    {
        if (route.Token is { } purpose)
        {
            var token = query.GetValueOrDefault("t");
            var (claims, problem) = tokens.Verify(token, purpose);
            return claims is null ? FreshLinks.Refusal(tokens, token, purpose, problem!) : null;
        }
        if (route.WebhookKey)
            return WebhookKeyMatches(query.GetValueOrDefault("code"))
                ? null
                : FrontDoorResponse.Text(401, "This webhook needs its key (?code=).");
        return null;
    }

    /// <summary>The webhook secret, compared in fixed time; with no secret set nothing matches (fail closed).</summary>
    public bool WebhookKeyMatches(string? code)
    {
        var secret = inbound.Value.WebhookSecret;
        return !string.IsNullOrEmpty(secret)
            && CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(code ?? ""),
                Encoding.UTF8.GetBytes(secret)
            );
    }
}
