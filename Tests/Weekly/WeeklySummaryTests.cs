using System.Diagnostics;
using System.Globalization;
using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.Core.Weekly;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace BackSignal.Tests.Weekly;

/// <summary>The weekly summary's numbers, chart and layout on fixed scenarios.</summary>
public class WeeklySummaryTests
{
    private static readonly DateOnly Monday = new(2026, 9, 7);
    private const string Deadlift = "Deadlift (Barbell)";

    private static (WeeklySummary Summary, AnalysisResult Analysis) Summary(TrainingLog log, IsoWeek week)
    {
        var analysis = log.Analyse(asOf: week.Sunday);
        var summary = WeeklySummaries.Build(
            log.Athlete,
            week,
            analysis.Days.Select(d => (d.Day, d.Metrics)).ToList(),
            log.Checkins,
            analysis.Alerts
        );
        return (summary, analysis);
    }

    [Fact]
    public void The_numbers_shown_are_the_numbers_computed()
    {
        var log = new TrainingLog(Monday)
            .Weekly(0, 6, [0, 2, 4], 60, 6, (Deadlift, 3, 5, 100))
            .DailyCheckins(Monday.AddDays(28), Monday.AddDays(41), 2)
            .Checkin(Monday.AddDays(40), 4);
        var week = IsoWeek.Of(Monday.AddDays(35));
        var (summary, analysis) = Summary(log, week);

        var days = analysis.Days.Where(d => d.Day.Date >= week.Monday && d.Day.Date <= week.Sunday).ToList();
        Assert.Equal(3, summary.Sessions);
        Assert.Equal(days.Sum(d => d.Day.Load), summary.Load.ThisWeek);
        Assert.Equal(1080, summary.Load.ThisWeek); // 3 × 60 min × RPE 6
        Assert.Equal(1080, summary.Load.UsualMean);
        Assert.Equal(4500, summary.VolumeLoadKg.ThisWeek); // 3 sessions × 3 × 5 × 100 kg
        Assert.Equal(4500, summary.SpinalLoadKg.ThisWeek); // deadlift: spine factor 1
        Assert.Equal(days[^1].Metrics.AcwrEwma, summary.AcwrEwma);
        Assert.Equal((2.0 * 6 + 4) / 7, summary.PainAverage!.Value, 9);

        var html = WeeklyEmails.Html(summary, "cid:weekly-chart");
        Assert.Contains(">1080<", html);
        Assert.Contains(">4,500<", html);
        Assert.Contains(">0%<", html);
        Assert.Contains(
            $"Training load ACWR {summary.AcwrEwma!.Value.ToString("0.00", CultureInfo.InvariantCulture)} "
                + $"({summary.Alerting.Band(summary.AcwrEwma)})",
            html
        );
        Assert.Contains(
            $"Average pain {summary.PainAverage.Value.ToString("0.0", CultureInfo.InvariantCulture)}/10 over 7 "
                + "check-ins",
            html
        );
        Assert.Contains("src=\"cid:weekly-chart\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "")); // no external images or fonts
        var text = WeeklyEmails.Text(summary);
        Assert.Contains("Training load (AU): 1080 (usual week 1080, 0%)", text);
        Assert.Contains("does not diagnose", text);
    }

    [Fact]
    public void A_week_with_a_pain_alert_advises_holding_the_load_and_no_summary_shows_a_rule_id()
    {
        var log = new TrainingLog(Monday)
            .Weekly(0, 5, [0, 2, 4], 60, 6, (Deadlift, 3, 8, 80))
            .DailyCheckins(Monday.AddDays(14), Monday.AddDays(35), 1)
            .Session(Monday.AddDays(35), 60, 8, (Deadlift, 3, 3, 140))
            .Checkin(Monday.AddDays(36), 4)
            .Checkin(Monday.AddDays(37), 3, c => c with { NightPain = true });
        var week = IsoWeek.Of(Monday.AddDays(35));
        var (summary, _) = Summary(log, week);

        Assert.Contains(summary.Alerts, a => a.Rule == PainAfterHeavyRule.RuleName);
        Assert.DoesNotContain("5–10 %", summary.NextWeek);
        var html = WeeklyEmails.Html(summary, "cid:weekly-chart");
        var text = WeeklyEmails.Text(summary);
        string[] ids =
        [
            "acwr-spike",
            "spinal-jump",
            "return-after-break",
            "stacked-progression",
            "back-to-back-hinge",
            "pain-after-heavy",
            "monotony-high",
            "see-doctor-",
        ];
        foreach (var rule in ids)
        {
            Assert.DoesNotContain(rule, html);
            Assert.DoesNotContain(rule, text);
        }
        Assert.Contains(AlertTitles.Of(PainAfterHeavyRule.RuleName), text);
        Assert.Contains("See a doctor today or within 24 hours", text);

        // The same week without the doctor alert: the pain alert still holds the load.
        var painOnly = Summary(
            new TrainingLog(Monday)
                .Weekly(0, 5, [0, 2, 4], 60, 6, (Deadlift, 3, 8, 80))
                .DailyCheckins(Monday.AddDays(14), Monday.AddDays(35), 1)
                .Session(Monday.AddDays(35), 60, 8, (Deadlift, 3, 3, 140))
                .Checkin(Monday.AddDays(36), 4),
            week
        ).Summary;
        Assert.Contains(painOnly.Alerts, a => a.Rule == PainAfterHeavyRule.RuleName);
        Assert.StartsWith("Your back reacted to a heavy day this week", painOnly.NextWeek);
    }

    [Fact]
    public void The_summary_gives_next_weeks_range_from_the_usual_weeks_and_notes_failure_sets_and_big_jumps()
    {
        var log = new TrainingLog(Monday).Weekly(0, 6, [0, 2, 4], 60, 6, (Deadlift, 3, 5, 100));
        var week = IsoWeek.Of(Monday.AddDays(35));
        var analysis = log.Analyse(asOf: week.Sunday);
        var workouts = log
            .Workouts.Select(w =>
                w.Start.Date == Monday.AddDays(37).ToDateTime(TimeOnly.MinValue)
                    ? w with
                    {
                        Sets =
                        [
                            new()
                            {
                                Exercise = Deadlift,
                                SetIndex = 1,
                                WeightKg = 40,
                                Reps = 5,
                                Kind = SetKind.Warmup,
                            },
                            new()
                            {
                                Exercise = Deadlift,
                                SetIndex = 2,
                                WeightKg = 100,
                                Reps = 5,
                            },
                            new()
                            {
                                Exercise = Deadlift,
                                SetIndex = 3,
                                WeightKg = 100,
                                Reps = 4,
                                Kind = SetKind.Failure,
                            },
                        ],
                    }
                    : w
            )
            .ToList();
        var summary = WeeklySummaries.Build(
            log.Athlete,
            week,
            analysis.Days.Select(d => (d.Day, d.Metrics)).ToList(),
            [],
            analysis.Alerts,
            null,
            workouts
        );

        // 1,080 AU and 4,500 kg in every usual week: the mean ± a tenth (identical weeks spread 0), rounded.
        Assert.Equal(
            "Next week's range, a rule of thumb: a training load of about 970–1,200 AU and a spinal load of about "
                + "4,100–5,000 kg keeps you within your usual week-to-week variation.",
            summary.NextWeekRange
        );
        Assert.Contains(summary.TechniqueNotes, n => n.StartsWith("1 set to failure on spine-loading lifts"));
        Assert.Contains(summary.TechniqueNotes, n => n.Contains("ramp up in smaller jumps"));
        var text = WeeklyEmails.Text(summary);
        Assert.Contains("Next week's range", text);
        Assert.Contains("brace before each rep", text);
    }

    [Fact]
    public void A_first_week_with_no_history_says_so_instead_of_comparing()
    {
        var log = new TrainingLog(Monday).Weekly(0, 1, [0, 3], 45, 7, (Deadlift, 3, 5, 80));
        var (summary, _) = Summary(log, IsoWeek.Of(Monday));

        Assert.False(summary.HasHistory);
        Assert.Null(summary.Load.Change);
        var html = WeeklyEmails.Html(summary, "cid:weekly-chart");
        Assert.Contains("No earlier weeks to compare with yet", html);
        Assert.Contains(
            "BackSignal compares your weeks once it has four weeks of continuous training",
            summary.NextWeek
        );
    }

    [Fact]
    public void A_week_without_workouts_or_check_ins_renders_with_dashes_not_errors()
    {
        var log = new TrainingLog(Monday).Weekly(0, 5, [0, 2, 4], 60, 6);
        var (summary, _) = Summary(log, IsoWeek.Of(Monday.AddDays(35)));

        Assert.Equal(0, summary.Sessions);
        Assert.Equal(0, summary.Load.ThisWeek);
        Assert.Equal(-1, summary.Load.Change);
        Assert.Null(summary.PainAverage);
        Assert.Contains("No check-ins this week.", WeeklyEmails.Text(summary));
        Assert.Contains("A week off", summary.NextWeek);
    }

    [Fact]
    public void The_chart_is_a_png_of_the_expected_size_that_decodes()
    {
        var log = new TrainingLog(Monday)
            .Weekly(0, 8, [0, 2, 4], 60, 6, (Deadlift, 3, 5, 100))
            .DailyCheckins(Monday.AddDays(30), Monday.AddDays(55), 3);
        var (summary, _) = Summary(log, IsoWeek.Of(Monday.AddDays(49)));

        var png = WeeklyChart.Png(summary.Chart);

        Assert.Equal(56, summary.Chart.Count);
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((WeeklyChart.Width, WeeklyChart.Height), (bitmap.Width, bitmap.Height));
        Assert.True(DistinctColours(bitmap) > 20, "the chart is blank");
    }

    [Theory]
    [InlineData("Pacific/Auckland", "2026-11-22T18:30:00Z", "2026-W47")] // Monday 07:30 in Auckland (UTC+13)
    [InlineData("Pacific/Auckland", "2026-11-22T17:30:00Z", "2026-W46")] // Monday 06:30 there: week 47 not yet
    [InlineData("Europe/Berlin", "2026-11-22T18:30:00Z", "2026-W46")] // still Sunday evening in Berlin
    [InlineData("Europe/Berlin", "2026-11-23T06:00:00Z", "2026-W47")] // Monday 07:00 in Berlin
    [InlineData("America/Los_Angeles", "2026-11-25T12:00:00Z", "2026-W47")] // later in the week: still due if not sent
    public void A_summary_is_due_from_monday_0700_in_the_athletes_own_time_zone(string zone, string now, string week)
    {
        Assert.Equal(
            week,
            WeeklyFanOut
                .Due(TimeZones.Resolve(zone), DateTimeOffset.Parse(now, CultureInfo.InvariantCulture))
                .ToString()
        );
    }

    [Fact]
    public async Task The_html_renders_in_a_real_browser_as_a_non_blank_page()
    {
        var ana = new AthleteProfile
        {
            AthleteId = "ana",
            Email = "a@example.com",
            DisplayName = "Ana <b>",
            TimeZone = "Europe/Berlin",
        };
        var log = new TrainingLog(Monday, ana)
            .Weekly(0, 6, [0, 2, 4], 60, 6, (Deadlift, 3, 5, 100))
            .Weekly(5, 6, [1, 3], 90, 8, (Deadlift, 5, 5, 110))
            .DailyCheckins(Monday.AddDays(20), Monday.AddDays(41), 2);
        var (summary, _) = Summary(log, IsoWeek.Of(Monday.AddDays(35)));
        using var temp = new TempFolder();
        var page = temp.File(
            "report.html",
            WeeklyEmails.Html(
                summary,
                "data:image/png;base64," + Convert.ToBase64String(WeeklyChart.Png(summary.Chart))
            )
        );
        var shot = temp.PathOf("report.png");

        var chromium = await Chromium.EnsureAsync();
        var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (
            var arg in new[]
            {
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                $"--user-data-dir={temp.PathOf("profile")}",
                "--window-size=800,1800",
                $"--screenshot={shot}",
                new Uri(page).AbsoluteUri,
            }
        )
            start.ArgumentList.Add(arg);
        using (var process = Process.Start(start)!)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000), "chromium did not finish");
            await Task.WhenAll(stderr, stdout);
        }

        using var bitmap = SKBitmap.Decode(shot);
        Assert.Equal(800, bitmap.Width);
        Assert.True(DistinctColours(bitmap) > 50, "the screenshot is blank");
        Assert.Contains("Ana &lt;b&gt;", File.ReadAllText(page));
    }

    private static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<SKColor>();
        for (var y = 0; y < bitmap.Height; y += 3)
        for (var x = 0; x < bitmap.Width; x += 3)
            colours.Add(bitmap.GetPixel(x, y));
        return colours.Count;
    }
}

/// <summary>The weekly timer and the sends, against Azurite and the sink.</summary>
[Collection(StorageCollection.Name)]
public class WeeklyDeliveryTests(AzuriteFixture azurite)
{
    // Monday 2026-11-23, 08:00 in Berlin: the summaries of week 47 are due.
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_timer_that_fires_twice_sends_one_summary_per_athlete_and_one_digest_per_coach()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite, MondayMorning);
        var ada = Scenarios.Athlete("week-ada", coach: "coach.w@example.com", share: true);
        var ben = Scenarios.Athlete("week-ben", coach: "coach.w@example.com", share: false) with { EmailOptOuts = [] };
        var off = Scenarios.Athlete("week-off", coach: null) with
        {
            EmailOptOuts = [AthleteProfile.WeeklySummaryOptOut],
        };
        foreach (var a in new[] { ada, ben, off })
            await harness.AddAthleteAsync(a);
        var lastSunday = new DateOnly(2026, 11, 22);
        foreach (var a in new[] { ada, ben })
            await harness.QueueWorkoutsAsync(Scenarios.SteadyThenSpike(a, lastSunday));
        // Both report saddle numbness on Sunday; only Ada shares doctor alerts with the coach.
        foreach (var a in new[] { ada, ben })
            await harness.Queue.SendAsync(
                QueueNames.Checkins,
                new PainCheckin
                {
                    AthleteId = a.AthleteId,
                    Date = lastSunday,
                    Pain = 6,
                    Numbness = Numbness.Saddle,
                },
                default
            );
        await harness.DrainAsync();
        var alertEmails = harness.Sink.Messages.Count;

        var fanOut = harness.Services.GetRequiredService<WeeklyFanOut>();
        // The Athletes table is shared with the other tests of the collection: count what concerns these three.
        Assert.True(await fanOut.RunAsync(default) >= 3); // ada, ben and the coach at least
        // Marked as queued: the next run finds nobody due, before and after the emails went.
        Assert.Equal(0, await fanOut.RunAsync(default));
        await harness.DrainAsync();
        Assert.Equal(0, await fanOut.RunAsync(default));

        string[] ours = ["week-ada@example.com", "week-ben@example.com", "week-off@example.com", "coach.w@example.com"];
        var weekly = harness.Sink.Messages.Skip(alertEmails).Where(m => ours.Contains(m.To[0])).ToList();
        Assert.Equal(3, weekly.Count); // ada, ben and one digest; "week-off" opted out
        var toAda = Assert.Single(weekly, m => m.To.SequenceEqual(["week-ada@example.com"]));
        Assert.Equal(["weekly-summary"], toAda.Categories);
        Assert.Contains("2026-W47", toAda.Subject);
        Assert.Single(toAda.Attachments);
        // The sink rewrites cid: to the saved file.
        Assert.Contains("<img src=\"weekly-chart", toAda.Html!.Replace("cid:", ""));
        Assert.DoesNotContain(weekly, m => m.To.SequenceEqual(["week-off@example.com"]));

        var digest = Assert.Single(weekly, m => m.To.SequenceEqual(["coach.w@example.com"]));
        Assert.Equal(["coach-digest"], digest.Categories);
        var lines = digest.Text!.Split('\n');
        var adaLine = Assert.Single(
            lines,
            l => l.StartsWith("- Test athlete", StringComparison.Ordinal) && l.Contains("see-a-doctor alert this week")
        );
        Assert.Contains("see-a-doctor alert this week: ", adaLine); // the tier and the day, nothing more
        Assert.DoesNotContain("/10", adaLine);
        Assert.DoesNotContain("average pain", adaLine);
        Assert.Single(
            lines,
            l =>
                l.StartsWith("- Test athlete", StringComparison.Ordinal)
                && !l.Contains("see-a-doctor")
                && !l.Contains("pain")
        );
        Assert.DoesNotContain("saddle", digest.Html!, StringComparison.OrdinalIgnoreCase);
        // The athlete who needs attention (a shared doctor alert) comes first.
        Assert.True(
            Array.FindIndex(lines, l => l.Contains("see-a-doctor"))
                < Array.FindIndex(lines, l => l.StartsWith("- Test athlete") && !l.Contains("see-a-doctor"))
        );

        // Two Mondays later with the runs between missed: the latest week is due for each, once.
        harness.Clock.Advance(TimeSpan.FromDays(14));
        Assert.True(await fanOut.RunAsync(default) >= 3);
        Assert.Equal(0, await fanOut.RunAsync(default));
        var marks = await harness.Services.GetRequiredService<WeeklyMarks>().ReadAsync(WeeklyMarks.Athletes, default);
        Assert.Equal("2026-W49", marks["week-ada"]);
        Assert.False(marks.ContainsKey("week-off"));
    }
}
