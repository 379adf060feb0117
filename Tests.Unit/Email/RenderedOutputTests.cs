using System.Text.RegularExpressions;
using BackSignal.Core.Email;
using BackSignal.Core.FrontDoor;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Weekly;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Email;

/// <summary>
/// The rendered HTML of every email kind and every page the front door builds without storage, pinned to files in
/// Tests.Unit/Rendered: a change to what people see shows up as a diff to review. Every input carries markup where a
/// person or a file could put it, so the pinned output also shows it escaped. To accept a deliberate change, run
/// the tests with BACKSIGNAL_ACCEPT_RENDERED=1 and review the diff of Tests.Unit/Rendered.
/// </summary>
public partial class RenderedOutputTests
{
    private const string Hostile = "<script>alert('x')</script>";
    private static readonly DateOnly Day = new(2026, 11, 20);

    private static readonly AthleteProfile Athlete = new()
    {
        AthleteId = "ana",
        Email = "ana@example.com",
        DisplayName = $"Ana {Hostile}",
        CoachEmail = "coach@example.com",
        ShareWithCoach = true,
        TimeZone = "Europe/Berlin",
    };

    private static readonly Alert Overload = new(
        "acwr-spike",
        Day,
        AlertTier.Overload,
        $"Training load ACWR 1.62 (\"{Hostile}\" set included)",
        "Trim this week's volume by a third."
    );

    public static TheoryData<string> Kinds() => [.. Renderings.Keys];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_rendered_output_is_the_pinned_one(string kind)
    {
        var html = Stable(Renderings[kind]());
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        var path = Path.Combine(Folder(), kind + ".html");
        if (Environment.GetEnvironmentVariable("BACKSIGNAL_ACCEPT_RENDERED") == "1")
            File.WriteAllText(path, html);
        Assert.True(File.Exists(path), $"No pinned output for {kind}: run with BACKSIGNAL_ACCEPT_RENDERED=1.");
        Assert.Equal(File.ReadAllText(path), html);
    }

    [Fact]
    public void Every_kind_has_its_pinned_file_and_no_file_is_left_over()
    {
        var files = Directory.GetFiles(Folder(), "*.html").Select(Path.GetFileNameWithoutExtension).Order();
        Assert.Equal(Renderings.Keys.Order(), files);
    }

    private static readonly Dictionary<string, Func<string>> Renderings = new()
    {
        ["email-alert-overload-athlete"] = () => AlertEmails.Render(Athlete, Overload, Recipient.Athlete).Html,
        ["email-alert-overload-coach"] = () => AlertEmails.Render(Athlete, Overload, Recipient.Coach).Html,
        ["email-alert-doctor-athlete"] = () => AlertEmails.Render(Athlete, Doctor().Alert!, Recipient.Athlete).Html,
        ["email-alert-doctor-coach"] = () => AlertEmails.Render(Athlete, Doctor().Alert!, Recipient.Coach).Html,
        ["email-alerts-many"] = () =>
            AlertEmails
                .RenderMany(
                    Athlete,
                    [Overload, Overload with { Rule = "hinge-volume", Date = Day.AddDays(-1) }],
                    Recipient.Athlete
                )
                .Html,
        ["email-with-link"] = () =>
            EmailLinks
                .Append(
                    AlertEmails.Render(Athlete, Overload, Recipient.Athlete),
                    "How is your back today?",
                    "Check in",
                    $"https://backsignal.example/api/checkin?t=a.b&x=\"{Hostile}\""
                )
                .Html,
        ["email-import-report"] = () =>
            ImportReportEmails
                .Render(
                    "ana@example.com",
                    [
                        new IngestionReport
                        {
                            AthleteId = "ana",
                            UploadId = new string('a', 24),
                            FileName = $"strong {Hostile}.csv",
                            Status = IngestionReport.Done,
                            Workouts = 12,
                            Sets = 240,
                            RejectedCount = 1,
                            Rejected =
                            [
                                new RejectedRow($"strong {Hostile}.csv", 7, "Weight", $"not a number: {Hostile}"),
                            ],
                            UnknownExercises = [new UnknownExercise($"Zercher {Hostile}", 3)],
                        },
                    ],
                    "ref"
                )
                .Html,
        ["email-weekly-summary"] = () => WeeklyEmails.Html(Weekly(), "cid:weekly-chart"),
        ["email-coach-digest"] = () =>
            DigestEmails
                .RenderDigest(
                    "coach@example.com",
                    IsoWeek.Of(Day),
                    [
                        new DigestRow($"Ana {Hostile}", 1234, 0.42, 1.31, 0.5, ["ACWR spike"], "urgent"),
                        new DigestRow("Ben", 800, null, null, null, [], null),
                    ],
                    "coach-ref",
                    null
                )
                .Html,
        ["page-link-problem"] = () => Pages.LinkProblem($"This link expired {Hostile}").Body,
        ["page-checkin-form"] = () =>
            Pages
                .Page(
                    200,
                    "How is your back today?",
                    CheckinPageView.Form(
                        "token\"><b>",
                        "nonce",
                        new Dictionary<string, string> { ["pain"] = $"7{Hostile}", ["note"] = $"</textarea>{Hostile}" },
                        [new ValidationProblem("pain", $"Pain is a whole number from 0 to 10, not \"7{Hostile}\".")],
                        Core.Localization.Words.English
                    )
                )
                .Body,
        ["page-checkin-emergency"] = () =>
            Pages.Page(200, "Emergency: get help now", CheckinPageView.Answer(Doctor(), saved: true)).Body,
        ["page-checkin-saved"] = () =>
            Pages
                .Page(
                    200,
                    "Check-in saved",
                    CheckinPageView.Answer(
                        CheckinAssessment.Of(
                            new PainCheckin
                            {
                                AthleteId = "ana",
                                Date = Day,
                                Pain = 3,
                            },
                            Context([
                                new PainCheckin
                                {
                                    AthleteId = "ana",
                                    Date = Day,
                                    Pain = 3,
                                },
                            ])
                        ),
                        saved: true
                    )
                )
                .Body,
    };

    private static CheckinAssessment Doctor()
    {
        var checkin = new PainCheckin
        {
            AthleteId = "ana",
            Date = Day,
            Pain = 8,
            SaddleNumbness = true,
            LegPain = LegPain.Both,
            Note = Hostile,
        };
        return CheckinAssessment.Of(checkin, Context([checkin]));
    }

    private static RuleContext Context(IReadOnlyList<PainCheckin> checkins) =>
        new([], new MetricsOptions(), new AlertOptions()) { Profile = Athlete, Checkins = checkins };

    private static WeeklySummary Weekly()
    {
        var monday = IsoWeek.Of(Day).Monday.AddDays(-35);
        var log = new TrainingLog(monday)
            .Weekly(0, 6, [0, 2, 4], 60, 6, ("Deadlift (Barbell)", 3, 5, 100))
            .DailyCheckins(monday.AddDays(28), monday.AddDays(41), 2);
        var week = IsoWeek.Of(monday.AddDays(35));
        var analysis = log.Analyse(asOf: week.Sunday);
        return WeeklySummaries.Build(
            log.Athlete with
            {
                DisplayName = $"Ana {Hostile}",
            },
            week,
            analysis.Days.Select(d => (d.Day, d.Metrics)).ToList(),
            log.Checkins,
            [.. analysis.Alerts, Overload with { Date = week.Monday.AddDays(2) }]
        );
    }

    /// <summary>Embedded pictures vary with the machine's fonts: pinned as a placeholder.</summary>
    private static string Stable(string html) => Base64Image().Replace(html, "data:image/png;base64,…");

    [GeneratedRegex("data:image/png;base64,[A-Za-z0-9+/=]+")]
    private static partial Regex Base64Image();

    private static string Folder() => Path.Combine(DevHost.RepositoryRoot.Find(), "Tests.Unit", "Rendered");
}
