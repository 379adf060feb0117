namespace BackSignal.Core.Messaging;

/// <summary>Queue names shared by the Functions app, the local runtime and the producers.</summary>
public static class QueueNames
{
    public const string Exports = "exports";
    public const string Workouts = "workouts";
    public const string Checkins = "checkins";
    public const string Recompute = "recompute";
    public const string Emails = "emails";

    /// <summary>Work for connected accounts: backfill pages, webhook deliveries, the events feed.</summary>
    public const string Connections = "connections";

    public static readonly IReadOnlyList<string> All = [Exports, Workouts, Checkins, Recompute, Emails, Connections];

    public static string Poison(string queue) => queue + "-poison";
}
