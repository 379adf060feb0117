using BackSignal.Core.FrontDoor;
using BackSignal.Core.Model;

namespace BackSignal.Tests.FrontDoor;

/// <summary>The settings form field by field: a bad value is reported beside its field and the rest saves.</summary>
public class SettingsFormTests
{
    private static readonly AthleteProfile Saved = new()
    {
        AthleteId = "set-ana",
        Email = "ana@example.com",
        CoachEmail = "kim@example.com",
        TimeZone = "Europe/Berlin",
        BodyMassKg = 70,
        ShareWithCoach = true,
        SharePainTrend = true,
    };

    private static Dictionary<string, string> Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    [Fact]
    public void Every_field_reads_and_an_unchecked_box_is_a_no()
    {
        var (profile, problems) = SettingsForm.Read(
            Form(
                ("name", "Ana B."),
                ("timeZone", "Pacific/Auckland"),
                ("unit", "lb"),
                ("bodyMassKg", "72,5"),
                ("restingHr", "52"),
                ("maxHr", "188"),
                ("birthYear", "1972"),
                ("osteoporosis", "yes"),
                ("sharePainTrend", "yes"),
                ("overloadAlerts", "yes")
            ),
            Saved,
            2026,
            Core.Localization.Words.English
        );

        Assert.Empty(problems);
        Assert.Equal(("Ana B.", "Pacific/Auckland", "lb"), (profile.DisplayName, profile.TimeZone, profile.WeightUnit));
        Assert.Equal(
            (72.5, 52.0, 188.0, 1972),
            (profile.BodyMassKg!.Value, profile.RestingHr!.Value, profile.MaxHr!.Value, profile.BirthYear!.Value)
        );
        Assert.True(profile.Osteoporosis);
        Assert.False(profile.CancerHistory);
        // The two consents apart: tiers off (its box unchecked), the pain trend on.
        Assert.False(profile.ShareWithCoach);
        Assert.True(profile.SharePainTrend);
        Assert.True(profile.OptsOut(EmailChoices.WeeklySummary));
        Assert.False(profile.OptsOut(EmailChoices.OverloadAlerts));
        Assert.Equal("ana@example.com", profile.Email);
    }

    [Fact]
    public void A_bad_value_is_named_by_its_field_keeps_what_was_saved_and_the_rest_still_saves()
    {
        var (profile, problems) = SettingsForm.Read(
            Form(
                ("timeZone", "Mars/Olympus"),
                ("unit", "stone"),
                ("bodyMassKg", "7000"),
                ("birthYear", "2024"),
                ("restingHr", "55"),
                ("weeklySummary", "yes")
            ),
            Saved,
            2026,
            Core.Localization.Words.English
        );

        Assert.Equal(["timeZone", "unit", "bodyMassKg", "birthYear"], problems.Select(p => p.Field));
        Assert.Contains("from 30 to 300", problems.Single(p => p.Field == "bodyMassKg").Reason);
        Assert.Equal("Europe/Berlin", profile.TimeZone);
        Assert.Equal(70, profile.BodyMassKg);
        Assert.Equal(55, profile.RestingHr);
        Assert.False(profile.OptsOut(EmailChoices.WeeklySummary));
    }

    [Fact]
    public void An_emptied_field_clears_its_value()
    {
        var (profile, problems) = SettingsForm.Read(
            Form(("timeZone", "Europe/Berlin"), ("unit", "kg"), ("bodyMassKg", "")),
            Saved,
            2026,
            Core.Localization.Words.English
        );
        Assert.Empty(problems);
        Assert.Null(profile.BodyMassKg);
    }
}

public class PlanFormTests
{
    [Theory]
    [InlineData("overreach", "2026-11-16", "2026-11-29", true)]
    [InlineData("Return", "2026-11-16", "2026-11-16", true)]
    [InlineData("holiday", "2026-11-16", "2026-11-29", false)]
    [InlineData("deload", "2026-11-29", "2026-11-16", false)]
    [InlineData("deload", "2026-11-16", "2028-01-01", false)]
    [InlineData("deload", "16/11/2026", "2026-11-29", false)]
    public void A_plan_reads_only_with_a_kind_and_days_in_order_within_a_year(
        string kind,
        string from,
        string to,
        bool reads
    ) => Assert.Equal(reads, Core.FrontDoor.PlanForm.Read(kind, from, to) is { By: "athlete" });
}
