namespace BackSignal.Core.Weekly;

/// <summary>The weekly timer's schedule, an app setting so that a deployment can change it without a build.</summary>
public static class WeeklySchedule
{
    public const string Setting = "WeeklySummarySchedule";

    /// <summary>Hourly at minute 5: every time zone reaches Monday 07:00 within the hour.</summary>
    public const string Default = "0 5 * * * *";
}
