using System.ComponentModel;
using BackSignal.Cli.Infrastructure;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>
/// `backsignal plan add --athlete ID --kind overreach|deload|return --from D --to D`: marks a period as planned
/// (docs/plans.md), and recomputes from its first day so that its rules apply to the days already stored.
/// </summary>
public sealed class PlanAddCommand(StorageConnector connector) : AsyncCommand<PlanAddCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--athlete <ID>")]
        [Description("The athlete")]
        public string Athlete { get; init; } = "";

        [CommandOption("--kind <KIND>")]
        [Description("overreach (a planned hard block: load warnings stored, not emailed), deload, or return")]
        [TypeConverter(typeof(KebabEnumConverter<PlanKind>))]
        public PlanKind Kind { get; init; }

        [CommandOption("--from <DATE>")]
        [Description("yyyy-MM-dd, the first day")]
        [TypeConverter(typeof(IsoDateConverter))]
        public DateOnly? From { get; init; }

        [CommandOption("--to <DATE>")]
        [Description("yyyy-MM-dd, the last day (a return is ramped for four weeks from --from whatever it says)")]
        [TypeConverter(typeof(IsoDateConverter))]
        public DateOnly? To { get; init; }

        [CommandOption("--by <WHO>")]
        [Description("Who set it, as the coach and the summary show it. Default: coach")]
        public string By { get; init; } = "coach";

        public override ValidationResult Validate()
        {
            if (!AthleteIds.IsValid(Athlete))
                return ValidationResult.Error("--athlete is required: a valid athlete id.");
            if (From is null || To is null)
                return ValidationResult.Error("--from and --to are required (yyyy-MM-dd).");
            if (To < From)
                return ValidationResult.Error($"--to {To:yyyy-MM-dd} is before --from {From:yyyy-MM-dd}.");
            if (To.Value.DayNumber - From.Value.DayNumber > 365)
                return ValidationResult.Error("A planned period is at most a year long.");
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        await using var services = await connector.ConnectAsync(ct);
        if (await services.RequireAthleteAsync(s.Athlete, ct) is not { } profile)
            return 2;
        var store = services.Athletes;
        var plan = new PlannedPeriod(s.Kind, s.From!.Value, s.To!.Value, s.By);
        await store.UpsertAsync(profile.WithPlan(plan), ct);
        await services.Queue.SendAsync(QueueNames.Recompute, new RecomputeRequest(profile.AthleteId, plan.From), ct);
        AnsiConsole.MarkupLineInterpolated($"Planned for {profile.AthleteId}: {plan.Describe()}.");
        AnsiConsole.MarkupLine(
            plan.Kind switch
            {
                PlanKind.Overreach =>
                    "Load warnings in it are stored, not emailed; pain and see-a-doctor alerts still go.",
                PlanKind.Return => "The first four weeks are held to a ramp from the load before it.",
                _ => "Shown in the weekly summary and on the coach's page.",
            }
        );
        return 0;
    }
}

/// <summary>`backsignal plan list --athlete ID`: the athlete's planned periods.</summary>
public sealed class PlanListCommand(StorageConnector connector) : AsyncCommand<PlanListCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--athlete <ID>")]
        [Description("The athlete")]
        public string Athlete { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        await using var services = await connector.ConnectAsync(ct);
        if (await services.RequireAthleteAsync(s.Athlete, ct) is not { } profile)
            return 2;
        foreach (var plan in profile.Plans ?? [])
            AnsiConsole.MarkupLineInterpolated($"{plan.Describe()}");
        if (profile.Plans is not { Count: > 0 })
            AnsiConsole.MarkupLine("No planned periods.");
        return 0;
    }
}
