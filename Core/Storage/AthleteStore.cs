using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Model;

namespace BackSignal.Core.Storage;

/// <summary>Athlete profiles: table Athletes, one partition per athlete, RowKey "profile".</summary>
public sealed class AthleteStore(StorageClients storage)
{
    private const string ProfileRow = "profile";
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Athletes);

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
        var before = await FindAsync(profile.AthleteId, ct);
        // A profile written without plans (athlete add) keeps the ones set with plan add or the planned link.
        if (profile.Plans is null && before?.Plans is { } plans)
            profile = profile with { Plans = plans };
        var coach = CoachOf(profile);
        if (coach is not null)
            await _table.UpsertEntityAsync(
                new TableEntity(CoachIndex + coach, profile.AthleteId),
                TableUpdateMode.Replace,
                ct
            );
        await _table.UpsertEntityAsync(ToEntity(profile), TableUpdateMode.Replace, ct);
        if (before is not null && CoachOf(before) is { } old && old != coach)
            await RemoveFromCoachAsync(old, profile.AthleteId, ct);
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
            var coach = CoachOf(after);
            if (coach is not null)
                await _table.UpsertEntityAsync(
                    new TableEntity(CoachIndex + coach, after.AthleteId),
                    TableUpdateMode.Replace,
                    ct
                );
            try
            {
                await _table.UpdateEntityAsync(ToEntity(after), row.Value!.ETag, TableUpdateMode.Replace, ct);
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

    private static TableEntity ToEntity(AthleteProfile p) =>
        new(p.AthleteId, ProfileRow)
        {
            ["Email"] = p.Email,
            ["DisplayName"] = p.DisplayName,
            ["CoachEmail"] = p.CoachEmail,
            ["ShareWithCoach"] = p.ShareWithCoach,
            ["SharePainTrend"] = p.SharePainTrend,
            ["TimeZone"] = p.TimeZone,
            ["WeightUnit"] = p.WeightUnit,
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
