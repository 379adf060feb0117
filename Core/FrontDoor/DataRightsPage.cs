using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
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
        var safety = SafetyLines.For(profile);
        var words = safety.Words;
        if (!await holders.FreshFormAsync(token!, request, ct))
            return Page(400, words["Invite.Not"], Html.Of($"<p>{words["Invite.Stale"]}</p>"), safety);
        var action =
            request.Path == FrontDoorRoutes.DataDeleteRequest.Path ? DataRightsEmail.Delete : DataRightsEmail.Export;
        var now = time.GetUtcNow().UtcDateTime;
        var window = $"{now:yyyyMMddHH}{now.Minute / 10}";
        await queue.SendAsync(new DataRightsEmail(action, window) { AthleteId = profile.AthleteId }, ct);
        return Page(
            200,
            words["Signup.CheckEmail.Title"],
            Html.Of($"<p class=\"saved\" role=\"status\">{words["DataRights.Sent", Masked(profile.Email, words)]}</p>"),
            safety
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
            return LinkProblem(SafetyLines.Browser.Words["DataRights.NoRequest"]);
        var athleteId = await access.FindAthleteAsync(reference, AccessPurpose.Me, ct);
        var profile = athleteId is null ? null : await athletes.FindAsync(athleteId, ct);
        if (athleteId is null || profile is null)
            return LinkProblem(SafetyLines.Browser.Words["DataRights.NoAccount"]);
        var safety = SafetyLines.For(profile);
        var words = safety.Words;
        var export = action == DataRightsEmail.Export;
        if (request.Method != "POST")
            return Page(
                200,
                words[export ? "DataRights.Export.Title" : "DataRights.Delete.Title"],
                Html.Of(
                    $"<p>{words[export ? "DataRights.Export.What" : "DataRights.Delete.What"]}</p>"
                        + $"<form method=\"post\" action=\"/api/me/data?t={token}\"><p><button type=\"submit\">"
                        + $"{words[export ? "Me.Data.Download" : "Me.Data.Delete"]}</button></p></form>"
                ),
                safety
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
            words["DataRights.Deleted.Title"],
            Html.Of($"<p class=\"saved\" role=\"status\">{words["DataRights.Deleted", counts.Total]}</p>"),
            safety
        );
    }

    /// <summary>The address as a hint (a***@example.com): the page may be open on someone else's screen.</summary>
    private static string Masked(string email, Words words) =>
        email.IndexOf('@') is > 0 and var at ? $"{email[0]}***{email[at..]}" : words["DataRights.YourAddress"];
}
