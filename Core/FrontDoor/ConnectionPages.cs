using System.Globalization;
using BackSignal.Core.Access;
using BackSignal.Core.Connections;
using BackSignal.Core.Email;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// Connecting apps from the athlete's settings (their page link and its nonce): `POST /api/connect/hevy` (the pasted
/// key), `GET /api/connect/strava` (off to Strava's authorization page with a single-use state),
/// `GET /api/connect/strava/callback` (Strava's redirect back; the state names the athlete) and
/// `POST /api/connect/disconnect`.
/// </summary>
public sealed class ConnectionPages(
    LinkHolders holders,
    ConnectedAccounts accounts,
    AccessRefs access,
    LinkTokens tokens
) : IFrontDoorHandler
{
    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        if (request.Path == ConnectionRoutes.StravaCallback.Path)
            return await CallbackAsync(request, ct);
        var token = request.QueryValue("t");
        var (linked, refusal) = await holders.AthleteAsync(token, LinkPurpose.Me, AccessPurpose.Me, ct);
        if (linked is null)
            return refusal!;
        var athleteId = linked.Profile.AthleteId;
        if (request.Path == ConnectionRoutes.ConnectStrava.Path)
            return await accounts.StartStravaAsync(athleteId, ct) is { } authorize
                ? FrontDoorResponse.Redirect(authorize)
                : Done(404, token!, "Strava is not set up on this BackSignal.");

        if (!await holders.FreshFormAsync(token!, request, ct))
            return Done(400, token!, "The form was too old or already sent: nothing was changed.");
        if (request.Path == ConnectionRoutes.ConnectHevy.Path)
            return await accounts.ConnectHevyAsync(athleteId, request.FormValue("apiKey"), ct) is { } problem
                ? Done(400, token!, "Hevy was not connected. " + problem)
                : Done(
                    200,
                    token!,
                    "Hevy is connected. Your history is being imported now, and each new workout arrives on its own."
                );
        if (Providers.Parse(request.FormValue("provider")) is not { } provider)
            return Done(400, token!, "Choose which app to disconnect.");
        return await accounts.DisconnectAsync(athleteId, provider, ct)
            ? Done(
                200,
                token!,
                $"{provider.Display()} is disconnected. The workouts it brought stay (delete your account to erase "
                    + "them)."
            )
            : Done(200, token!, $"{provider.Display()} was not connected.");
    }

    private async Task<FrontDoorResponse> CallbackAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var (athleteId, problem) = await accounts.CompleteStravaAsync(
            request.QueryValue("code"),
            request.QueryValue("state"),
            request.QueryValue("scope"),
            request.QueryValue("error"),
            ct
        );
        // Back to the settings page by a fresh link of the athlete's own (the state named them, once).
        var settings = athleteId is null
            ? null
            : tokens.Url(LinkPurpose.Me, await access.GetOrCreateAsync(athleteId, AccessPurpose.Me, ct), "settings");
        var back = settings is null ? Html.Empty : Html.Of($"<p><a href=\"{settings}\">Back to your settings</a></p>");
        return problem is null
            ? Page(
                200,
                "Strava is connected",
                Html.Of(
                    $"<p class=\"saved\" role=\"status\">Each new Strava activity now arrives on its own.</p>{back}"
                )
            )
            : Page(400, "Strava is not connected", Html.Of($"<p class=\"error\" role=\"alert\">{problem}</p>{back}"));
    }

    private static FrontDoorResponse Done(int status, string token, string message) =>
        Page(
            status,
            status == 200 ? "Connected apps" : "Not changed",
            Html.Of(
                $"<p class=\"{(status == 200 ? "saved" : "error")}\" role=\"status\">{message}</p>"
                    + $"<p><a href=\"/api/settings?t={token}\">Back to your settings</a></p>"
            )
        );

    /// <summary>The settings page's section: each app connected or a way to connect it, and Apple Health's path.
    /// </summary>
    public static Html View(string token, string nonce, IReadOnlyList<ConnectionRow> rows, bool stravaOffered)
    {
        var html = new HtmlWriter().Add(
            $"<h2>Connected apps</h2><p class=\"hint\">Connect once and each new workout arrives on its own; "
                + $"disconnecting keeps what was imported.</p>"
        );
        var hevy = rows.FirstOrDefault(r => r.RowKey == Provider.Hevy.Name());
        var strava = rows.FirstOrDefault(r => r.RowKey == Provider.Strava.Name());
        html.Add($"<h3>Hevy</h3>");
        if (hevy is not null)
            html.Add(Status(hevy)).Add(DisconnectButton(token, nonce, Provider.Hevy));
        if (hevy is null || hevy.Status == ConnectionRow.Failing)
            html.Add(
                $"<form method=\"post\" action=\"/api/connect/hevy?t={token}\">"
                    + $"<input type=\"hidden\" name=\"nonce\" value=\"{nonce}\">"
                    + $"<label for=\"hevy-key\">Your Hevy API key</label>"
                    + $"<p class=\"hint\" id=\"hevy-key-hint\">Hevy Pro: at hevy.com, Settings, Developer. It is kept "
                    + $"as a secret and used only to read your workouts.</p>"
                    + $"<input id=\"hevy-key\" name=\"apiKey\" autocomplete=\"off\" aria-describedby=\"hevy-key-hint\">"
                    + $"<p><button type=\"submit\">Connect Hevy</button></p></form>"
            );
        html.Add($"<h3>Strava</h3>");
        if (strava is not null)
            html.Add(Status(strava)).Add(DisconnectButton(token, nonce, Provider.Strava));
        if (stravaOffered && (strava is null || strava.Status == ConnectionRow.Failing))
            html.Add($"<p><a href=\"/api/connect/strava?t={token}\">Connect Strava</a> (Strava asks you to agree)</p>");
        else if (!stravaOffered && strava is null)
            html.Add($"<p>Not offered on this BackSignal.</p>");
        html.Add(
            $"<h3>Apple Health</h3><p>Apple Health has no server to connect to: an iOS Shortcut automation can send "
                + $"each day's workouts to your upload link (your page shows it; BackSignal's README has the steps)."
                + $"</p>"
        );
        return html.ToHtml();
    }

    /// <summary>One connection as the athlete's page shows it.</summary>
    public static Html Status(ConnectionRow row) =>
        row.Status == ConnectionRow.Failing
            ? Html.Of($"<p class=\"error\" role=\"alert\">{Describe(row)}</p>")
            : Html.Of($"<p>{Describe(row)}</p>");

    /// <summary>One connection in words: since when, last sync, what it brought, or what went wrong.</summary>
    public static string Describe(ConnectionRow row)
    {
        var provider = Providers.Parse(row.RowKey)?.Display() ?? row.RowKey;
        if (row.Status == ConnectionRow.Failing)
            return $"{provider}: {row.LastError ?? "not working."}";
        var last = row.LastSyncAt is { } at
            ? at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : "not yet";
        var brought =
            $"{Count(row.Imported, "workout")} imported" + (row.Removed > 0 ? $", {row.Removed} removed" : "");
        var how = row.Webhook ? "as they are saved" : "within the hour (by Hevy's feed)";
        var since = row.ConnectedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var backfilling = !row.BackfillDone ? " Your history is still being imported." : "";
        return $"{provider}: connected since {since}; last sync {last}; {brought}. New workouts arrive {how}."
            + backfilling;
    }

    private static string Count(int n, string noun) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    private static Html DisconnectButton(string token, string nonce, Provider provider) =>
        Html.Of(
            $"<form method=\"post\" action=\"/api/connect/disconnect?t={token}\">"
                + $"<input type=\"hidden\" name=\"nonce\" value=\"{nonce}\">"
                + $"<input type=\"hidden\" name=\"provider\" value=\"{provider.Name()}\">"
                + $"<p><button type=\"submit\">Disconnect {provider.Display()}</button></p></form>"
        );
}
