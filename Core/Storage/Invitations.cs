using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Model;

namespace BackSignal.Core.Storage;

/// <summary>A coach's invitation: to whom (the address and the name the coach gave), until when, and whether taken.
/// </summary>
public sealed record Invitation(
    string CoachRef,
    string Id,
    string CoachEmail,
    string Email,
    string? Name,
    DateTimeOffset Expires,
    DateTimeOffset? Accepted
)
{
    /// <summary>The language the invitation is written in (the coach's choice; English for older rows).</summary>
    public string Language { get; init; } = "en";

    public bool Pending(DateTimeOffset now) => Accepted is null && Expires > now;
}

/// <summary>
/// Invitations (partition "~invites-{coachRef}", one row per invitation) and sign-ups waiting for their address to be
/// verified (partition "~signups", one row each), in table Athletes: '~' never starts an athlete id. An account exists
/// only once its sign-up is verified.
/// </summary>
public sealed class Invitations(StorageClients storage)
{
    public static readonly TimeSpan InvitationValidFor = TimeSpan.FromDays(14);
    public static readonly TimeSpan SignupValidFor = TimeSpan.FromDays(1);

    /// <summary>The partition of waiting sign-ups (their verification emails are ledgered there too).</summary>
    public const string Signups = "~signups";

    private const string InvitesPrefix = "~invites-";
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Athletes);

    public async Task<Invitation> CreateAsync(
        string coachEmail,
        string email,
        string? name,
        DateTimeOffset now,
        CancellationToken ct,
        string language = "en"
    )
    {
        var invitation = new Invitation(
            CoachRefs.Of(coachEmail),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            coachEmail.Trim(),
            email.Trim(),
            name,
            now + InvitationValidFor,
            null
        )
        {
            Language = language,
        };
        await _table.AddEntityAsync(
            new TableEntity(Partition(invitation.CoachRef), invitation.Id)
            {
                ["CoachEmail"] = invitation.CoachEmail,
                ["Email"] = invitation.Email,
                ["Name"] = name,
                ["Expires"] = invitation.Expires,
                ["Language"] = language,
            },
            ct
        );
        return invitation;
    }

    public async Task<Invitation?> FindAsync(string coachRef, string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(coachRef), id, cancellationToken: ct);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Invitation>> PendingAsync(string coachRef, DateTimeOffset now, CancellationToken ct)
    {
        var result = new List<Invitation>();
        await foreach (
            var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition(coachRef), cancellationToken: ct)
        )
            if (Read(e) is { } invitation && invitation.Pending(now))
                result.Add(invitation);
        return result;
    }

    public Task MarkAcceptedAsync(Invitation invitation, DateTimeOffset at, CancellationToken ct) =>
        _table.UpdateEntityAsync(
            new TableEntity(Partition(invitation.CoachRef), invitation.Id) { ["Accepted"] = at },
            ETag.All,
            TableUpdateMode.Merge,
            ct
        );

    /// <summary>A sign-up waiting for its address to be verified: the profile as given, the invitation taken.</summary>
    public async Task<string> SaveSignupAsync(
        AthleteProfile profile,
        Invitation? invitation,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await _table.AddEntityAsync(
            new TableEntity(Signups, id)
            {
                ["Profile"] = Json.Serialize(profile),
                ["InviteCoachRef"] = invitation?.CoachRef,
                ["InviteId"] = invitation?.Id,
                ["Expires"] = now + SignupValidFor,
            },
            ct
        );
        return id;
    }

    public async Task<(AthleteProfile Profile, string? InviteCoachRef, string? InviteId)?> FindSignupAsync(
        string id,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Signups, id, cancellationToken: ct);
        if (!row.HasValue || row.Value!.GetDateTimeOffset("Expires") is not { } expires || expires <= now)
            return null;
        var profile = Json.Deserialize<AthleteProfile>(row.Value.GetString("Profile") ?? "null");
        return profile is null
            ? null
            : (profile, row.Value.GetString("InviteCoachRef"), row.Value.GetString("InviteId"));
    }

    public Task RemoveSignupAsync(string id, CancellationToken ct) =>
        _table.DeleteEntityAsync(Signups, id, ETag.All, ct);

    /// <summary>A coach's invitations (their emails are ledgered there too).</summary>
    public static string Partition(string coachRef) => InvitesPrefix + coachRef;

    private static Invitation? Read(TableEntity e) =>
        e.GetString("Email") is { } email && e.GetDateTimeOffset("Expires") is { } expires
            ? new Invitation(
                e.PartitionKey[InvitesPrefix.Length..],
                e.RowKey,
                e.GetString("CoachEmail") ?? "",
                email,
                e.GetString("Name"),
                expires,
                e.GetDateTimeOffset("Accepted")
            )
            {
                Language = e.GetString("Language") ?? "en",
            }
            : null;
}
