using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Localization;
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
        var safety = SafetyLines.For(profile);
        var words = safety.Words;
        var action = request.Action == DataRightsEmail.Export ? "Export" : "Delete";
        var subject = words[$"DataRights.{action}.Subject"];
        var lead = words[$"DataRights.{action}.Lead"];
        var hour = words["DataRights.Hour"];
        var email = new OutgoingEmail(
            profile.Email,
            subject,
            EmailLayout.Html(subject, "#1d4ed8", EmailLayout.Paragraph(lead) + EmailLayout.Paragraph(hour), safety),
            $"{lead}\n\n{hour}\n\n{url}\n\n--\n" + EmailLayout.NotADiagnosis(safety),
            "data-rights",
            new Dictionary<string, string> { ["athleteRef"] = LogIds.Athlete(profile.AthleteId) }
        )
        {
            Language = words.Language,
        };
        await sender.SendOnceAsync(
            profile.AthleteId,
            [(request.LedgerKey, request)],
            _ =>
                Task.FromResult(
                    EmailLinks.Append(
                        email,
                        words["DataRights.OpenHere"],
                        words[request.Action == DataRightsEmail.Export ? "Me.Data.Download" : "Me.Data.Delete"],
                        url
                    )
                ),
            ct
        );
    }
}
