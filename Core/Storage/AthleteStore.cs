using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Model;

namespace BackSignal.Core.Storage;

/// <summary>
/// Athlete profiles: table Athletes, one partition per athlete, RowKey "profile", with a revision counted up by
/// every write. A copy of each profile lives in the athlete's Training partition (<see cref="RowKeys.ProfileCopy"/>)
/// so that the intake reads it in the same query as the rows it computes from (docs/design.md#data-model).
/// </summary>
/// <remarks>
/// The copy is written after the profile, only over an older revision (fenced by the copy's ETag), so that of two
/// writes racing the later revision stays. A crash between the two leaves the older copy until the next write;
/// the recompute path and every page read the profile itself.
/// </remarks>
public sealed class AthleteStore(StorageClients storage)
{
    private const string ProfileRow = "profile";
    private const string Revision = "Revision";
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Athletes);
    private readonly TableClient _training = storage.Tables.GetTableClient(TableNames.Training);

    public async Task<AthleteProfile?> FindAsync(string athleteId, CancellationToken ct)
    {
        if (!AthleteIds.IsValid(athleteId))
            return null;
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, ProfileRow, cancellationToken: ct);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>
    /// Saves a profile and keeps the coach index (partition "~by-coach-{coachRef}", one row per athlete) in step:
    /// the new coach's row before the profile, the old coach's row after it, so that a crash in between leaves at
    /// worst a stale row, which <see cref="ListByCoachAsync"/> checks against the profile and ignores.
    /// </summary>
    public async Task UpsertAsync(AthleteProfile profile, CancellationToken ct)
    {
        AthleteIds.EnsureValid(profile.AthleteId);
        for (var attempt = 0; ; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(
                profile.AthleteId,
                ProfileRow,
                cancellationToken: ct
            );
            var stored = row.HasValue ? row.Value : null;
            var before = stored is null ? null : FromEntity(stored);
            // A profile written without plans (athlete add) keeps the ones set with plan add or the planned link.
            var written =
                profile.Plans is null && before?.Plans is { } plans ? profile with { Plans = plans } : profile;
            var coach = CoachOf(written);
            if (coach is not null)
                await _table.UpsertEntityAsync(
                    new TableEntity(CoachIndex + coach, written.AthleteId),
                    TableUpdateMode.Replace,
                    ct
                );
            var revision = (stored?.GetInt64(Revision) ?? 0) + 1;
            var entity = ToEntity(written, ProfileRow);
            entity[Revision] = revision;
            try
            {
                if (stored is null)
                    await _table.AddEntityAsync(entity, ct);
                else
                    await _table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, ct);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 20)
            {
                continue;
            }
            if (before is not null && CoachOf(before) is { } old && old != coach)
                await RemoveFromCoachAsync(old, written.AthleteId, ct);
            await WriteCopyAsync(written, revision, ct, created: stored is null);
            return;
        }
    }

    /// <summary>
    /// The profile's copy in the Training partition, unless a later revision is there already, with the one-hop
    /// path's window (<see cref="LatestWindow"/>) in the same transaction: invalidated, since it holds the copy; or,
    /// for a profile just <paramref name="created"/>, whose partition holds nothing else the window copies, a valid
    /// window that holds the copy alone (so that the athlete's first workout is one point read and one commit).
    /// </summary>
    private async Task WriteCopyAsync(AthleteProfile profile, long revision, CancellationToken ct, bool created = false)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var found = await _training.GetEntityIfExistsAsync<TableEntity>(
                profile.AthleteId,
                RowKeys.ProfileCopy,
                [Revision],
                ct
            );
            var copy = found.HasValue ? found.Value : null;
            if (copy?.GetInt64(Revision) >= revision)
                return;
            var entity = CopyOf(profile, revision);
            var fresh = created && copy is null;
            var window = fresh
                ? new TableTransactionAction(
                    TableTransactionActionType.Add,
                    LatestWindow.Of(profile.AthleteId, LatestDayRanges.Everything, null, [entity])
                )
                : LatestWindow.Invalidation(profile.AthleteId);
            try
            {
                await _training.SubmitTransactionAsync(
                    [
                        copy is null
                            ? new(TableTransactionActionType.Add, entity)
                            : new(TableTransactionActionType.UpdateReplace, entity, copy.ETag),
                        window,
                    ],
                    ct
                );
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // A window there already (the partition is not new after all): invalidate it instead.
                if (e.FailedTransactionActionIndex == 1)
                    created = false;
            }
        }
    }

    /// <summary>The copy row of a profile at a revision (also what a one-hop commit seeds when none is there).
    /// </summary>
    public static TableEntity CopyOf(AthleteProfile profile, long revision)
    {
        var entity = ToEntity(profile, RowKeys.ProfileCopy);
        entity[Revision] = revision;
        return entity;
    }

    /// <summary>The profile a copy row holds.</summary>
    public static AthleteProfile FromCopy(TableEntity copy) => FromEntity(copy);

    /// <summary>The profile and its revision (0 for a profile written before revisions were counted).</summary>
    public async Task<(AthleteProfile Profile, long Revision)?> FindWithRevisionAsync(
        string athleteId,
        CancellationToken ct
    )
    {
        if (!AthleteIds.IsValid(athleteId))
            return null;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, ProfileRow, cancellationToken: ct);
        return row.HasValue && row.Value is { } e ? (FromEntity(e), e.GetInt64(Revision) ?? 0) : null;
    }

    /// <summary>
    /// Changes a stored profile: <paramref name="change"/> is applied to the profile as read and written over its
    /// ETag, again on a conflict, so that two changes at once (settings in two tabs, an unsubscribe while settings are
    /// saved) both hold. Null when there is no such athlete.
    /// </summary>
    public async Task<AthleteProfile?> UpdateAsync(
        string athleteId,
        Func<AthleteProfile, AthleteProfile> change,
        CancellationToken ct
    )
    {
        for (var attempt = 0; ; attempt++)
        {
            if (!AthleteIds.IsValid(athleteId))
                return null;
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, ProfileRow, cancellationToken: ct);
            if (!row.HasValue)
                return null;
            var before = FromEntity(row.Value!);
            var after = change(before) with { AthleteId = before.AthleteId };
            var revision = (row.Value!.GetInt64(Revision) ?? 0) + 1;
            var entity = ToEntity(after, ProfileRow);
            entity[Revision] = revision;
            var coach = CoachOf(after);
            if (coach is not null)
                await _table.UpsertEntityAsync(
                    new TableEntity(CoachIndex + coach, after.AthleteId),
                    TableUpdateMode.Replace,
                    ct
                );
            try
            {
                await _table.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, ct);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 20)
            {
                // Changed meanwhile: apply the change to what is there now, after a short random pause so that
                // writers racing each other spread out.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 40)), ct);
                continue;
            }
            if (CoachOf(before) is { } old && old != coach)
                await RemoveFromCoachAsync(old, after.AthleteId, ct);
            await WriteCopyAsync(after, revision, ct);
            return after;
        }
    }

    /// <summary>The athletes who name this coach: one partition read, whatever the number of athletes in all.</summary>
    public async Task<IReadOnlyList<AthleteProfile>> ListByCoachAsync(string coachRef, CancellationToken ct)
    {
        var result = new List<AthleteProfile>();
        await foreach (
            var row in _table.QueryAsync<TableEntity>(
                e => e.PartitionKey == CoachIndex + coachRef,
                select: ["RowKey"],
                cancellationToken: ct
            )
        )
            if (await FindAsync(row.RowKey, ct) is { } athlete && CoachOf(athlete) == coachRef)
                result.Add(athlete);
        return result;
    }

    /// <summary>Drops an athlete from a coach's index (a changed coach, an erasure); gone already is fine.</summary>
    public Task RemoveFromCoachAsync(string coachRef, string athleteId, CancellationToken ct) =>
        _table.DeleteEntityAsync(CoachIndex + coachRef, athleteId, ETag.All, ct);

    // '~' is not allowed in athlete ids: index partitions never meet an athlete's.
    private const string CoachIndex = "~by-coach-";

    private static string? CoachOf(AthleteProfile p) =>
        string.IsNullOrWhiteSpace(p.CoachEmail) ? null : CoachRefs.Of(p.CoachEmail);

    public async Task<IReadOnlyList<AthleteProfile>> ListAsync(CancellationToken ct)
    {
        var result = new List<AthleteProfile>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.RowKey == ProfileRow, cancellationToken: ct))
            result.Add(FromEntity(entity));
        return result;
    }

    private static TableEntity ToEntity(AthleteProfile p, string rowKey) =>
        new(p.AthleteId, rowKey)
        {
            ["Email"] = p.Email,
            ["DisplayName"] = p.DisplayName,
            ["CoachEmail"] = p.CoachEmail,
            ["ShareWithCoach"] = p.ShareWithCoach,
            ["SharePainTrend"] = p.SharePainTrend,
            ["TimeZone"] = p.TimeZone,
            ["WeightUnit"] = p.WeightUnit,
            ["Language"] = p.Language,
            ["Country"] = p.Country,
            ["BodyMassKg"] = p.BodyMassKg,
            ["RestingHr"] = p.RestingHr,
            ["MaxHr"] = p.MaxHr,
            ["Thresholds"] = p.Thresholds is { Count: > 0 } t ? Json.Serialize(t) : null,
            ["EmailOptOuts"] = p.EmailOptOuts is { Count: > 0 } o ? string.Join(",", o) : null,
            ["Plans"] = p.Plans is { Count: > 0 } plans ? Json.Serialize(plans) : null,
            ["BirthYear"] = p.BirthYear,
            ["CancerHistory"] = p.CancerHistory,
            ["LongTermSteroids"] = p.LongTermSteroids,
            ["Osteoporosis"] = p.Osteoporosis,
            ["Immunosuppressed"] = p.Immunosuppressed,
        };

    private static AthleteProfile FromEntity(TableEntity e) =>
        new()
        {
            AthleteId = e.PartitionKey,
            Email = e.GetString("Email") ?? "",
            DisplayName = e.GetString("DisplayName"),
            CoachEmail = e.GetString("CoachEmail"),
            ShareWithCoach = e.GetBoolean("ShareWithCoach") ?? false,
            SharePainTrend = e.GetBoolean("SharePainTrend") ?? false,
            TimeZone = e.GetString("TimeZone") ?? "UTC",
            WeightUnit = e.GetString("WeightUnit") ?? "kg",
            Language = e.GetString("Language") ?? "en",
            Country = e.GetString("Country"),
            BodyMassKg = e.GetDouble("BodyMassKg"),
            RestingHr = e.GetDouble("RestingHr"),
            MaxHr = e.GetDouble("MaxHr"),
            Thresholds = e.GetString("Thresholds") is { } t ? Json.Deserialize<Dictionary<string, double>>(t) : null,
            EmailOptOuts = e.GetString("EmailOptOuts") is { Length: > 0 } o ? o.Split(',') : null,
            Plans = e.GetString("Plans") is { Length: > 0 } plans ? Json.Deserialize<List<PlannedPeriod>>(plans) : null,
            BirthYear = e.GetInt32("BirthYear"),
            CancerHistory = e.GetBoolean("CancerHistory") ?? false,
            LongTermSteroids = e.GetBoolean("LongTermSteroids") ?? false,
            Osteoporosis = e.GetBoolean("Osteoporosis") ?? false,
            Immunosuppressed = e.GetBoolean("Immunosuppressed") ?? false,
        };
}
