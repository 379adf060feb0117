namespace BackSignal.Core.Model;

/// <summary>What an email is about; on the wire in kebab-case ("alert", "weekly", "coach-digest").</summary>
public enum EmailKind
{
    Alert,
    Weekly,
    CoachDigest,
    ImportReport,
}

/// <summary>Who an email goes to; on the wire "athlete" or "coach".</summary>
public enum Recipient
{
    Athlete,
    Coach,
}

/// <summary>How kinds and recipients are written on the wire and in ledger keys.</summary>
public static class EmailWire
{
    public static string Of(EmailKind kind) =>
        kind switch
        {
            EmailKind.Alert => "alert",
            EmailKind.Weekly => "weekly",
            EmailKind.CoachDigest => "coach-digest",
            EmailKind.ImportReport => "import-report",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

    public static string Of(Recipient recipient) => recipient == Recipient.Coach ? "coach" : "athlete";
}
