using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Observability;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// The email that confirms a data-rights request made on the athlete's page: a link valid one hour, to the address on
/// file only (never one typed on a page), so that whoever holds a forwarded page link cannot take or erase the data.
/// </summary>
public sealed class DataRightsComposer(
    AthleteStore athletes,
    AccessRefs access,
    LinkTokens links,
    LedgeredSender sender
)
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromHours(1);

    public async Task SendAsync(DataRightsEmail request, CancellationToken ct)
    {
        if (request.Action is not (DataRightsEmail.Export or DataRightsEmail.Delete))
            throw new PermanentMessageException($"'{request.Action}' is not export or delete.");
        var profile = await athletes.KnownAthleteAsync(request.AthleteId, ct);
        var reference = await access.GetOrCreateAsync(profile.AthleteId, AccessPurpose.Me, ct);
        var url = links.Url(LinkPurpose.DataRights, $"{reference}|{request.Action}", "me/data", ValidFor);
        var (subject, lead) =
            request.Action == DataRightsEmail.Export
                ? (
                    "BackSignal: your copy of your data",
                    "You asked for a copy of everything BackSignal stores about you."
                )
                : (
                    "BackSignal: confirm deleting your account",
                    "You asked to delete your BackSignal account and everything in it."
                );
        var email = new OutgoingEmail(
            profile.Email,
            subject,
            EmailLayout.Html(
                subject,
                "#1d4ed8",
                EmailLayout.Paragraph(lead)
                    + EmailLayout.Paragraph("The link below works for one hour. If you did not ask, ignore this email.")
            ),
            $"{lead}\n\nThe link below works for one hour. If you did not ask, ignore this email.\n\n{url}\n\n--\n"
                + EmailLayout.NotADiagnosis(),
            "data-rights",
            new Dictionary<string, string> { ["athleteRef"] = LogIds.Athlete(profile.AthleteId) }
        );
        await sender.SendOnceAsync(
            profile.AthleteId,
            [(request.LedgerKey, request)],
            _ =>
                Task.FromResult(
                    EmailLinks.Append(
                        email,
                        "Open it here:",
                        request.Action == DataRightsEmail.Export ? "Download my data" : "Delete my account",
                        url
                    )
                ),
            ct
        );
    }
}
