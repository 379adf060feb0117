namespace BackSignal.Core.Pipeline;

/// <summary>
/// A message that can never succeed (bad JSON, wrong version, unknown athlete, invalid values): it is recorded
/// in the Rejections table with this reason and completed, not retried into the poison queue.
/// </summary>
public sealed class PermanentMessageException(string reason) : Exception(reason);

/// <summary>
/// A condition that should clear by itself (a lease held by another copy): let the queue retry later.
/// </summary>
public sealed class TransientMessageException(string reason) : Exception(reason);
