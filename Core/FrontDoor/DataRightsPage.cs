using System.Globalization;
using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// Data rights from the athlete's page: `POST /api/me/export` and `POST /api/me/delete` (the page's link and its form
/// nonce) mail a confirming link, valid an hour, to the address on file; `GET /api/me/data` (that link) asks once
/// more; `POST /api/me/data` then sends the zip of everything stored, or erases the account everywhere.
/// </summary>
public sealed class DataRightsPage(
    LinkTokens tokens,
    AccessRefs access,
    AthleteStore athletes,
    LinkHolders holders,
    MessageQueue queue,
    AthleteData data,
    Configuration.TrainingClock time
) : IFrontDoorHandler
{
    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct) =>
        request.Path == FrontDoorRoutes.DataRightsConfirm.Path
            ? await ConfirmAsync(request, ct)
            : await RequestAsync(request, ct);

    /// <summary>The page's button: mail the confirming link, to the address on file only.</summary>
    private async Task<FrontDoorResponse> RequestAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
        var (linked, refusal) = await holders.AthleteAsync(token, LinkPurpose.Me, AccessPurpose.Me, ct);
        if (linked is null)
            return refusal!;
        var profile = linked.Profile;
        if (!await holders.FreshFormAsync(token!, request, ct))
            return Page(
                400,
                "Not sent",
                Html.Of($"<p>The form was too old or already sent: open your page again.</p>")
            );
        var action =
            request.Path == FrontDoorRoutes.DataDeleteRequest.Path ? DataRightsEmail.Delete : DataRightsEmail.Export;
        var now = time.GetUtcNow().UtcDateTime;
        var window = $"{now:yyyyMMddHH}{now.Minute / 10}";
        await queue.SendAsync(new DataRightsEmail(action, window) { AthleteId = profile.AthleteId }, ct);
        return Page(
            200,
            "Check your email",
            Html.Of(
                $"<p class=\"saved\" role=\"status\">A link is on its way to {Masked(profile.Email)}, the address "
                    + $"BackSignal has for you. It works for one hour.</p>"
            )
        );
    }

    /// <summary>The mailed link: a GET asks (mail scanners open links), a POST does it.</summary>
    private async Task<FrontDoorResponse> ConfirmAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.QueryValue("t");
        var (claims, problem) = tokens.Verify(token, LinkPurpose.DataRights);
        if (claims is null)
            return LinkProblem(problem!);
        if (
            claims.Subject.Split('|')
            is not [var reference, var action and (DataRightsEmail.Export or DataRightsEmail.Delete)]
        )
            return LinkProblem("This link does not name a request.");
        var athleteId = await access.FindAthleteAsync(reference, AccessPurpose.Me, ct);
        if (athleteId is null || await athletes.FindAsync(athleteId, ct) is null)
            return LinkProblem("There is no account here any more.");
        var export = action == DataRightsEmail.Export;
        if (request.Method != "POST")
            return Page(
                200,
                export ? "Download your data" : "Delete your account",
                Html.Of(
                    $"<p>{(export ? WhatExport : WhatDelete)}</p>"
                        + $"<form method=\"post\" action=\"/api/me/data?t={token}\"><p><button type=\"submit\">"
                        + $"{(export ? "Download my data" : "Delete my account")}</button></p></form>"
                )
            );
        if (export)
            return new FrontDoorResponse(200, "application/zip", "")
            {
                DownloadName = $"backsignal-{time.GetUtcNow():yyyy-MM-dd}.zip",
                Download = async (output, token) =>
                {
                    // Written to a file first: a zip's directory is written synchronously, which a response refuses.
                    var path = Path.Combine(Path.GetTempPath(), $"backsignal-export-{Guid.NewGuid():N}.zip");
                    try
                    {
                        await using (var file = File.Create(path))
                            await data.ExportAsync(athleteId, file, token);
                        await using var read = File.OpenRead(path);
                        await read.CopyToAsync(output, token);
                    }
                    finally
                    {
                        File.Delete(path);
                    }
                },
            };
        var counts = await data.DeleteAsync(athleteId, ct);
        return Page(
            200,
            "Your account is deleted",
            Html.Of(
                $"<p class=\"saved\" role=\"status\">Everything BackSignal stored about you is erased "
                    + $"({counts.Total.ToString(CultureInfo.InvariantCulture)} items). Its links no longer open.</p>"
            )
        );
    }

    private const string WhatExport =
        "A zip of everything BackSignal stores about you: profile, workouts, days, alerts, check-ins, emails sent, "
        + "uploads.";

    private const string WhatDelete =
        "Everything BackSignal stores about you is erased, for good: profile, workouts, check-ins, alerts, uploads. "
        + "Your coach no longer sees you.";

    /// <summary>The address as a hint (a***@example.com): the page may be open on someone else's screen.</summary>
    private static string Masked(string email) =>
        email.IndexOf('@') is > 0 and var at ? $"{email[0]}***{email[at..]}" : "your address";
}
