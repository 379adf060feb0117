namespace BackSignal.Core.Rules;

/// <summary>How soon the athlete should act: overload is training advice, the others say see a doctor.</summary>
public enum AlertTier { Overload, Soon, Urgent, Emergency }

/// <summary>An alert a rule raised for one day, with the numbers that tripped it and one piece of advice.</summary>
public sealed record Alert(string Rule, DateOnly Date, AlertTier Tier, string Evidence, string Advice)
{
    /// <summary>The stable key of this alert: one per rule and day, whatever the retries.</summary>
    public string Key => $"{Date:yyyyMMdd}|{Rule}";

    public bool IsDoctorAlert => Tier != AlertTier.Overload;
}
