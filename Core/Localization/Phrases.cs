using BackSignal.Core.Model;

namespace BackSignal.Core.Localization;

/// <summary>Model values said in the reader's language, for the pages and emails that show them.</summary>
public static class Phrases
{
    /// <summary>A planned period: "deload 04.12.2026 bis 10.12.2026 (eingetragen von Ihnen)".</summary>
    public static string Plan(PlannedPeriod plan, Words words)
    {
        var by = plan.By is "athlete" or "coach" ? words[$"Plan.By.{plan.By}"] : plan.By;
        var kind = words[$"Plan.Kind.{plan.Kind.ToString().ToLowerInvariant()}"];
        return words["Plan.Describe", kind, words.Date(plan.From), words.Date(plan.To), by];
    }
}
