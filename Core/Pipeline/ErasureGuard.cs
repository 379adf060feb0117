using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// The slow path's answer to an erasure that ran while it worked: after storing, it looks for the athlete's
/// tombstone, and if the athlete was erased meanwhile it erases again what it wrote and gives the message up (its
/// rejection names nobody). The one-hop path needs no look: its commit is fenced by the state row, which an erasure
/// deletes, so a late commit fails and comes here.
/// </summary>
public sealed class ErasureGuard(ErasedAthletes erased, AthleteData data)
{
    public async Task AfterWriteAsync(string athleteId, CancellationToken ct)
    {
        if (!await erased.IsErasedAsync(athleteId, ct))
            return;
        await data.DeleteAsync(athleteId, ct);
        throw new PermanentMessageException(MessageBody.UnknownAthlete(athleteId));
    }
}
