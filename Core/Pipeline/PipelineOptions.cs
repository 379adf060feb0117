using System.ComponentModel.DataAnnotations;
using BackSignal.Core.Model;

namespace BackSignal.Core.Pipeline;

/// <summary>Settings of the intake (section Pipeline).</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>
    /// The one-hop path for a workout or check-in of the latest days. Off, every input goes through the
    /// `recompute` queue (the same rows, one hop and about six storage transactions more).
    /// </summary>
    public bool OneHop { get; set; } = true;

    /// <summary>Days one hop computes at most (from the day after the last computed one to today).</summary>
    [Range(1, 45)]
    public int OneHopMaxDays { get; set; } = 28;
}

/// <summary>One input for <see cref="LatestDayUpdate"/>: a workout or a check-in of its athlete's day.</summary>
public sealed record DayInput(DateOnly Day, WorkoutSummary? Workout, PainCheckin? Checkin)
{
    /// <summary>The intake message's claim on queueing the emails of alerts this input raises.</summary>
    public string Claim { get; init; } = "";

    public static DayInput Of(DateOnly day, WorkoutSummary workout) => new(day, workout, null);

    public static DayInput Of(PainCheckin checkin) => new(checkin.Date, null, checkin);
}
