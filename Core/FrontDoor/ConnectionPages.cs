using System.Globalization;
using BackSignal.Core.Access;
using BackSignal.Core.Connections;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
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
    LinkTokens tokens,
    AthleteStore athletes
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
        var safety = SafetyLines.For(linked.Profile);
        var words = safety.Words;
        FrontDoorResponse Done(int status, string message) => Answer(status, token!, message, safety);
        if (request.Path == ConnectionRoutes.ConnectStrava.Path)
            return await accounts.StartStravaAsync(athleteId, ct) is { } authorize
                ? FrontDoorResponse.Redirect(authorize)
                : Done(404, words["Connect.Problem.StravaNotOffered"]);

        if (!await holders.FreshFormAsync(token!, request, ct))
            return Done(400, words["Connect.Stale"]);
        if (request.Path == ConnectionRoutes.ConnectHevy.Path)
            return await accounts.ConnectHevyAsync(athleteId, request.FormValue("apiKey"), ct) is { } problem
                ? Done(400, words["Connect.Hevy.Not", words[problem]])
                : Done(200, words["Connect.Hevy.Done"]);
        if (Providers.Parse(request.FormValue("provider")) is not { } provider)
            return Done(400, words["Connect.ChooseApp"]);
        return await accounts.DisconnectAsync(athleteId, provider, ct)
            ? Done(200, words["Connect.Disconnected", provider.Display()])
            : Done(200, words["Connect.WasNot", provider.Display()]);
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
        var profile = athleteId is null ? null : await athletes.FindAsync(athleteId, ct);
        var safety = SafetyLines.For(profile);
        var words = safety.Words;
        var settings = athleteId is null
            ? null
            : tokens.Url(LinkPurpose.Me, await access.GetOrCreateAsync(athleteId, AccessPurpose.Me, ct), "settings");
        var back = settings is null
            ? Html.Empty
            : Html.Of($"<p><a href=\"{settings}\">{words["Settings.Back"]}</a></p>");
        return problem is null
            ? Page(
                200,
                words["Connect.Strava.Done.Title"],
                Html.Of($"<p class=\"saved\" role=\"status\">{words["Connect.Strava.Done"]}</p>{back}"),
                safety
            )
            : Page(
                400,
                words["Connect.Strava.Not.Title"],
                Html.Of($"<p class=\"error\" role=\"alert\">{words[problem]}</p>{back}"),
                safety
            );
    }

    private static FrontDoorResponse Answer(int status, string token, string message, SafetyLines safety) =>
        Page(
            status,
            safety.Words[status == 200 ? "Connect.Title" : "Connect.NotChanged"],
            Html.Of(
                $"<p class=\"{(status == 200 ? "saved" : "error")}\" role=\"status\">{message}</p>"
                    + $"<p><a href=\"/api/settings?t={token}\">{safety.Words["Settings.Back"]}</a></p>"
            ),
            safety
        );

    /// <summary>The settings page's section: each app connected or a way to connect it, and Apple Health's path.
    /// </summary>
    public static Html View(
        string token,
        string nonce,
        IReadOnlyList<ConnectionRow> rows,
        bool stravaOffered,
        Words words
    )
    {
        var html = new HtmlWriter().Add(
            $"<h2>{words["Connect.Title"]}</h2><p class=\"hint\">{words["Connect.Hint"]}</p>"
        );
        var hevy = rows.FirstOrDefault(r => r.RowKey == Provider.Hevy.Name());
        var strava = rows.FirstOrDefault(r => r.RowKey == Provider.Strava.Name());
        html.Add($"<h3>Hevy</h3>");
        if (hevy is not null)
            html.Add(Status(hevy, words)).Add(DisconnectButton(token, nonce, Provider.Hevy, words));
        if (hevy is null || hevy.Status == ConnectionRow.Failing)
            html.Add(
                $"<form method=\"post\" action=\"/api/connect/hevy?t={token}\">"
                    + $"<input type=\"hidden\" name=\"nonce\" value=\"{nonce}\">"
                    + $"<label for=\"hevy-key\">{words["Connect.Hevy.Key"]}</label>"
                    + $"<p class=\"hint\" id=\"hevy-key-hint\">{words["Connect.Hevy.Key.Hint"]}</p>"
                    + $"<input id=\"hevy-key\" name=\"apiKey\" autocomplete=\"off\" aria-describedby=\"hevy-key-hint\">"
                    + $"<p><button type=\"submit\">{words["Connect.Hevy.Connect"]}</button></p></form>"
            );
        html.Add($"<h3>Strava</h3>");
        if (strava is not null)
            html.Add(Status(strava, words)).Add(DisconnectButton(token, nonce, Provider.Strava, words));
        if (stravaOffered && (strava is null || strava.Status == ConnectionRow.Failing))
            html.Add(
                $"<p><a href=\"/api/connect/strava?t={token}\">{words["Connect.Strava.Connect"]}</a> "
                    + $"{words["Connect.Strava.Agree"]}</p>"
            );
        else if (!stravaOffered && strava is null)
            html.Add($"<p>{words["Connect.NotOffered"]}</p>");
        html.Add($"<h3>Apple Health</h3><p>{words["Connect.AppleHealth"]}</p>");
        return html.ToHtml();
    }

    /// <summary>One connection as the athlete's page shows it.</summary>
    public static Html Status(ConnectionRow row, Words words) =>
        row.Status == ConnectionRow.Failing
            ? Html.Of($"<p class=\"error\" role=\"alert\">{Describe(row, words)}</p>")
            : Html.Of($"<p>{Describe(row, words)}</p>");

    /// <summary>One connection in words: since when, last sync, what it brought, or what went wrong.</summary>
    public static string Describe(ConnectionRow row, Words words)
    {
        var provider = Providers.Parse(row.RowKey)?.Display() ?? row.RowKey;
        if (row.Status == ConnectionRow.Failing)
            return $"{provider}: {(row.LastError is { } error ? words.KeptText(error) : words["Connect.NotWorking"])}";
        var last = row.LastSyncAt is { } at
            ? at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : words["Connect.NotYet"];
        var brought =
            words.Count("Connect.Imported", row.Imported)
            + (row.Removed > 0 ? words["Connect.Removed", row.Removed] : "");
        var how = words[row.Webhook ? "Connect.How.Webhook" : "Connect.How.Feed"];
        var since = words.Date(DateOnly.FromDateTime(row.ConnectedAt.UtcDateTime));
        var backfilling = !row.BackfillDone ? " " + words["Connect.Backfilling"] : "";
        return words["Connect.Describe", provider, since, last, brought, how] + backfilling;
    }

    private static Html DisconnectButton(string token, string nonce, Provider provider, Words words) =>
        Html.Of(
            $"<form method=\"post\" action=\"/api/connect/disconnect?t={token}\">"
                + $"<input type=\"hidden\" name=\"nonce\" value=\"{nonce}\">"
                + $"<input type=\"hidden\" name=\"provider\" value=\"{provider.Name()}\">"
                + $"<p><button type=\"submit\">{words["Connect.Disconnect", provider.Display()]}</button></p></form>"
        );
}
