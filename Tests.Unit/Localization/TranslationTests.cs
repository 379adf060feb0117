using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using BackSignal.Core.Email;
using BackSignal.Core.FrontDoor;
using BackSignal.Core.Localization;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.Core.Weekly;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Localization;

/// <summary>
/// Every text exists in every language (docs/languages.md#texts): the files hold the same keys with the same holes,
/// the built satellite assemblies carry them, and every translated kind of page and email renders in German, French
/// and Spanish without one key falling back to English.
/// </summary>
public partial class TranslationTests
{
    public static TheoryData<string> Translations() => ["de", "fr", "es"];

    private static readonly DateOnly Day = new(2026, 11, 20);

    [Fact]
    public void Every_translation_file_has_exactly_the_keys_of_the_English_one_with_the_same_holes()
    {
        var english = Texts("Texts.resx");
        Assert.True(english.Count > 100, $"only {english.Count} texts");
        foreach (var language in Languages.All.Where(l => l != Languages.English))
        {
            var translated = Texts($"Texts.{language}.resx");
            Assert.Equal(english.Keys.Order(), translated.Keys.Order());
            foreach (var (key, text) in translated)
            {
                Assert.False(string.IsNullOrWhiteSpace(text), $"{language}:{key} is empty");
                Assert.Equal(Holes(english[key]), Holes(text));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void The_built_satellite_assembly_of_each_language_carries_every_key(string language)
    {
        var resources = new ResourceManager(typeof(Texts).FullName!, typeof(Texts).Assembly);
        var own = resources.GetResourceSet(CultureInfo.GetCultureInfo(language), true, tryParents: false);
        Assert.NotNull(own);
        var missing = Texts("Texts.resx").Keys.Where(k => own.GetString(k) is null).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void Every_translated_page_and_email_renders_without_English(string language)
    {
        var country = language.ToUpperInvariant() == "EN" ? "GB" : language.ToUpperInvariant();
        var athlete = Athlete(language, country);
        var rendered = Renderings(athlete).ToList();

        Assert.DoesNotContain(Words.FellBack.Keys, k => k.StartsWith(language + ":", StringComparison.Ordinal));
        var english = Texts("Texts.resx");
        var translated = Texts($"Texts.{language}.resx");
        // No English sentence left: every English text long enough to be a sentence, where the translation differs.
        var sentences = english
            .Where(e => e.Value.Length >= 24 && translated[e.Key] != e.Value)
            .SelectMany(e => Regex.Split(e.Value, @"\{\d\}"))
            .Where(part => part.Trim().Length >= 24)
            .ToList();
        foreach (var (kind, text) in rendered)
        {
            foreach (var sentence in sentences)
                Assert.False(
                    System.Net.WebUtility.HtmlDecode(text).Contains(sentence, StringComparison.Ordinal),
                    $"{kind} in {language} still says \"{sentence}\""
                );
            if (
                kind.StartsWith("page", StringComparison.Ordinal)
                || kind.StartsWith("email-html", StringComparison.Ordinal)
            )
                Assert.Contains($"<html lang=\"{language}\">", text);
        }
    }

    [Fact]
    public void Every_refusal_of_a_link_is_said_in_each_language()
    {
        // The Access layer writes its refusals in English; the pages find them in Texts.resx by those words.
        var root = DevHost.RepositoryRoot.Find();
        var refusals = Regex
            .Matches(
                File.ReadAllText(Path.Combine(root, "Core", "Access", "LinkTokens.cs"))
                    + File.ReadAllText(Path.Combine(root, "Core", "FrontDoor", "LinkHolders.cs")),
                @"(?:return \(null, |const string Revoked = )\$?""(This link[^""]*)"""
            )
            .Select(m => m.Groups[1].Value.Replace("{expires:yyyy-MM-dd}", "2026-11-30"))
            .Distinct()
            .ToList();
        Assert.True(refusals.Count >= 5, string.Join("\n", refusals));
        foreach (var language in Translations())
        {
            var words = Words.For(language);
            foreach (var refusal in refusals)
                Assert.NotEqual(refusal, Pages.ProblemText(refusal, words));
        }
        Assert.Equal(
            "Dieser Link ist am 30.11.2026 abgelaufen: Fordern Sie einen neuen an.",
            Pages.ProblemText("This link expired on 2026-11-30: ask for a new one.", Words.For("de"))
        );
    }

    [Fact]
    public async Task A_page_for_someone_not_known_is_in_the_request_language_never_the_machine_culture()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            // Outside a request: English, whatever the machine speaks.
            Assert.Contains("<html lang=\"en\">", Pages.Page(404, "x", default).Body);
            // Within a request, its Accept-Language; the flow of another request is untouched.
            await Task.Run(() =>
            {
                RequestLanguage.Set("fr-CH, de;q=0.5");
                Assert.Contains("<html lang=\"fr\">", Pages.Page(404, "x", default).Body);
            });
            Assert.Equal(Languages.English, RequestLanguage.Current);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData("en", 0, "0 check-ins")]
    [InlineData("en", 1, "1 check-in")]
    [InlineData("fr", 0, "0 bilan")]
    [InlineData("fr", 2, "2 bilans")]
    [InlineData("de", 0, "0 Check-ins")]
    [InlineData("es", 1, "1 control")]
    public void Counts_take_the_plural_of_their_language(string language, int n, string said) =>
        Assert.Equal(said, Words.For(language).Count("Weekly.Checkins", n));

    [Fact]
    public void A_check_in_reaches_the_same_tier_and_signs_in_every_language()
    {
        foreach (var checkin in Checkins())
        {
            var tiers = Languages
                .All.Select(l => CheckinAssessment.Of(checkin, Context(Athlete(l, "DE"), [checkin])))
                .Select(a => (a.Alert?.Tier, Signs: string.Join(",", a.Findings.Select(f => f.Sign))))
                .Distinct()
                .ToList();
            Assert.Single(tiers);
        }
    }

    [Fact]
    public void A_German_athlete_is_told_112_for_an_emergency_and_116117_for_urgent_care_in_German()
    {
        var athlete = Athlete("de", "DE");
        var emergency = CheckinAssessment.Of(Checkin(c => c with { SaddleNumbness = true }), Context(athlete));
        var urgent = CheckinAssessment.Of(Checkin(c => c with { Fever = true }), Context(athlete));

        Assert.StartsWith("Rufen Sie jetzt den Notruf (112) an", emergency.Alert!.Advice);
        Assert.Contains("rufen Sie 116117 an (ärztlicher Bereitschaftsdienst)", urgent.Alert!.Advice);
        var email = AlertEmails.Render(athlete, emergency.Alert, Recipient.Athlete);
        Assert.Equal("de", email.Language);
        Assert.StartsWith("Rufen Sie jetzt den Notruf (112) an oder gehen Sie in eine Notaufnahme.", email.Text);
        Assert.Contains("die Nummer 116117 (ärztlicher Bereitschaftsdienst)", email.Text);
        Assert.DoesNotContain("999", email.Text);
        Assert.DoesNotContain("911", email.Text);
    }

    [Theory]
    [InlineData("NZ", "(111)", "call 0800 611 116 (Healthline)")]
    [InlineData("GB", "(999 or 112)", "call 111 (NHS 111)")]
    [InlineData("AU", "(000)", "call 1800 022 222 (healthdirect)")]
    [InlineData("US", "(911)", "call a telephone health line.")]
    [InlineData("IE", "(112 or 999)", "call a telephone health line.")]
    [InlineData("JP", "(112)", "call a telephone health line.")]
    [InlineData(null, "(112 in Europe, 999 in the UK, 911 in North America)", "(111 in England)")]
    public void Each_country_is_given_its_own_numbers(string? country, string emergency, string urgentCall)
    {
        var athlete = Athlete("en", country);
        var urgent = CheckinAssessment.Of(Checkin(c => c with { Fever = true }), Context(athlete)).Alert!;
        var now = CheckinAssessment.Of(Checkin(c => c with { ChestPain = true }), Context(athlete)).Alert!;

        Assert.StartsWith($"Call the emergency number now {emergency}", now.Advice);
        Assert.Contains(urgentCall, urgent.Advice);
        if (country == "NZ")
        {
            // New Zealand's 111 is its emergency number: never offered as the line for pain that can wait a day.
            var before = urgent.Advice[..urgent.Advice.IndexOf("If any of these appear", StringComparison.Ordinal)];
            Assert.DoesNotContain("111", before);
        }
    }

    [Fact]
    public void Every_EU_country_has_an_entry_and_every_entry_a_source()
    {
        string[] eu =
        [
            "AT",
            "BE",
            "BG",
            "HR",
            "CY",
            "CZ",
            "DK",
            "EE",
            "FI",
            "FR",
            "DE",
            "GR",
            "HU",
            "IE",
            "IT",
            "LV",
            "LT",
            "LU",
            "MT",
            "NL",
            "PL",
            "PT",
            "RO",
            "SK",
            "SI",
            "ES",
            "SE",
        ];
        Assert.All(
            eu.Concat(["GB", "US", "CA", "AU", "NZ"]),
            c => Assert.True(EmergencyLines.ByCountry.ContainsKey(c), c)
        );
        Assert.All(eu, c => Assert.Contains("112", EmergencyLines.ByCountry[c].Emergency));
        foreach (var lines in EmergencyLines.ByCountry.Values)
        {
            Assert.StartsWith("https://", lines.Source);
            Assert.Equal(lines.Country, EmergencyLines.NormalizeCountry(lines.Country));
            Assert.DoesNotContain(lines.Urgent, lines.Emergency);
            Assert.Equal(lines.Urgent is null, lines.UrgentName is null);
        }
    }

    [Theory]
    [InlineData("de", "DE")]
    [InlineData(" nz ", "NZ")]
    [InlineData("XX", null)]
    [InlineData("DEU", null)]
    [InlineData("D1", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_country_is_an_ISO_3166_code_or_nothing(string? given, string? kept) =>
        Assert.Equal(kept, EmergencyLines.NormalizeCountry(given));

    [Theory]
    [InlineData("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "de")]
    [InlineData("ja-JP, fr-CA;q=0.5, es;q=0.4", "fr")]
    [InlineData("fr;q=0, es-MX", "es")]
    [InlineData("en-GB;q=0.2, de;q=0.3", "de")]
    [InlineData("pt-BR, it", "en")]
    [InlineData("*;q=0.5", "en")]
    [InlineData(";;;,,q=", "en")]
    [InlineData(null, "en")]
    public void Sign_up_offers_the_browser_language_first(string? header, string language) =>
        Assert.Equal(language, Languages.FromAcceptLanguage(header));

    [Fact]
    public void A_form_that_does_not_read_is_explained_in_the_athlete_language()
    {
        var (checkin, problems) = CheckinForm.Read(
            new Dictionary<string, string>
            {
                ["pain"] = "viel",
                ["legPain"] = "beide",
                ["saddleNumbness"] = "yes",
            },
            "ana",
            Day,
            Words.For("de")
        );
        Assert.True(checkin.SaddleNumbness);
        Assert.Contains(problems, p => p.Field == "pain" && p.Reason.StartsWith("Geben Sie", StringComparison.Ordinal));
        Assert.Contains(
            problems,
            p => p.Field == "legPain" && p.Reason.StartsWith("Wählen Sie", StringComparison.Ordinal)
        );
    }

    private static IEnumerable<(string Kind, string Text)> Renderings(AthleteProfile athlete)
    {
        var safety = SafetyLines.For(athlete);
        var words = safety.Words;
        var (_, problems) = CheckinForm.Read(
            new Dictionary<string, string>
            {
                ["pain"] = "x",
                ["legPain"] = "x",
                ["numbness"] = "x",
                ["weakness"] = "x",
                ["weaknessSide"] = "x",
                ["trauma"] = "x",
                ["note"] = new string('x', 2001),
            },
            "ana",
            Day,
            words
        );
        // Every message of a field the form can reach is said in the language (none comes from a lower layer).
        Assert.All(problems, p => Assert.True(Words.Has(KeyOf(p.Reason, words)), $"{p.Field}: {p.Reason}"));
        problems.Add(new("form", words["Checkin.Problem.Stale"]));
        var form = CheckinPageView.Form("t", "n", new Dictionary<string, string>(), problems, words);
        yield return ("page-checkin-form", Pages.Page(200, words["Checkin.Title"], form, safety).Body);

        var history = new List<PainCheckin>();
        foreach (var checkin in Checkins())
        {
            var assessment = CheckinAssessment.Of(checkin, Context(athlete, [.. history, checkin]));
            foreach (var saved in new[] { true, false })
                yield return (
                    "page-checkin-answer",
                    Pages.Page(200, "-", CheckinPageView.Answer(assessment, saved), safety).Body
                );
            if (assessment.Alert is { } alert)
                foreach (var recipient in new[] { Recipient.Athlete, Recipient.Coach })
                {
                    var email = AlertEmails.Render(athlete, alert, recipient);
                    Assert.Equal(words.Language, email.Language);
                    yield return ("email-html", email.Html);
                    yield return ("email-text", email.Subject + "\n" + email.Text);
                }
        }
        // The history findings: persistent pain and flare-ups over weeks, new pain with a risk factor.
        for (var d = 0; d < 28; d++)
            history.Add(
                new PainCheckin
                {
                    AthleteId = "ana",
                    Date = Day.AddDays(d - 40),
                    Pain = d % 7 == 0 ? 0 : 7,
                }
            );
        var late = new PainCheckin
        {
            AthleteId = "ana",
            Date = Day.AddDays(-12),
            Pain = 7,
        };
        var course = CheckinAssessment.Of(late, Context(athlete with { CancerHistory = true }, [.. history, late]));
        Assert.Contains(course.Findings, f => f.Sign == "persistentPain");
        yield return ("page-checkin-answer", Pages.Page(200, "-", CheckinPageView.Answer(course, true), safety).Body);
        yield return ("email-footer", EmailLayout.NotADiagnosis(safety));

        // Every overload rule, each alert to the athlete and the coach, several in one email, and the weekly summary.
        var alerts = OverloadAlerts(athlete).Select(x => x.Alert).ToList();
        foreach (var alert in alerts)
        foreach (var recipient in new[] { Recipient.Athlete, Recipient.Coach })
        {
            var email = AlertEmails.Render(athlete, alert, recipient);
            yield return ("email-html", email.Html);
            yield return ("email-text", email.Subject + "\n" + email.Text);
        }
        var many = AlertEmails.RenderMany(athlete, alerts, Recipient.Athlete);
        yield return ("email-html", many.Html);
        yield return ("email-text", many.Subject + "\n" + many.Text);
        // The digest (in the coach's language), and the settings page's sections, with a plan and both apps.
        var digest = DigestEmails.RenderDigest(
            "coach@example.com",
            IsoWeek.Of(Day),
            [
                new DigestRow("Ana", 1234, 0.42, 1.31, 0.5, [alerts[0].TitleIn(words)], "dringend, 20.11.2026"),
                new DigestRow("Ben", 800, null, null, null, [], null),
            ],
            "coach-ref",
            null,
            words
        );
        yield return ("email-html", digest.Html);
        yield return ("email-text", digest.Subject + "\n" + digest.Text);
        var planned = athlete with { Plans = [new PlannedPeriod(PlanKind.Return, Day, Day.AddDays(20), "athlete")] };
        var settings =
            SettingsPageView.Form("t", "n", planned, null, [new("form", words["Settings.Problem.Stale"])], words)
            + PlanForm.View("t", "n", planned, words)
            + ConnectionPages.View(
                "t",
                "n",
                [
                    new ConnectionRow
                    {
                        RowKey = "hevy",
                        Status = ConnectionRow.Failing,
                        LastError = "Connect.Problem.HevyRevoked",
                    },
                    new ConnectionRow
                    {
                        RowKey = "strava",
                        Imported = 3,
                        Removed = 1,
                        LastSyncAt = Now(),
                    },
                ],
                true,
                words
            );
        yield return ("page-settings", Pages.Page(200, words["Settings.Title"], settings, safety).Body);
        foreach (var (log, week) in WeeklyLogs(athlete))
        {
            var summary = WeeklySummaries.Build(
                athlete,
                week,
                [.. log.Analyse(asOf: week.Sunday).Days.Select(d => (d.Day, d.Metrics))],
                log.Checkins,
                log.Analyse(asOf: week.Sunday).Alerts
            );
            yield return ("email-html", WeeklyEmails.Html(summary, "cid:chart"));
            yield return ("email-text", WeeklyEmails.Subject(summary) + "\n" + WeeklyEmails.Text(summary));
        }
    }

    [Fact]
    public void Every_overload_rule_fires_on_the_same_days_in_every_language()
    {
        var english = OverloadAlerts(Athlete("en", "GB")).Select(x => (x.Alert.Rule, x.Alert.Date)).ToList();
        Assert.Equal(7, english.Select(a => a.Rule).Distinct().Count());
        foreach (var language in Translations())
            Assert.Equal(english, OverloadAlerts(Athlete(language, "DE")).Select(x => (x.Alert.Rule, x.Alert.Date)));
    }

    private const string Deadlift = "Deadlift (Barbell)";
    private const string Squat = "Squat (Barbell)";
    private static readonly DateOnly Monday = new(2026, 9, 7);

    private static TrainingLog Steady(AthleteProfile athlete) =>
        new TrainingLog(Monday, athlete).Weekly(0, 5, [0, 2, 4], 60, 6, (Deadlift, 3, 8, 80), (Squat, 3, 8, 70));

    /// <summary>One scenario per overload rule (after Tests.Unit/Rules/AlertRuleTests), as the athlete.</summary>
    private static IEnumerable<(string Rule, Alert Alert)> OverloadAlerts(AthleteProfile athlete)
    {
        (string, TrainingLog)[] scenarios =
        [
            (AcwrSpikeRule.RuleName, Steady(athlete).Weekly(5, 6, [0, 1, 2, 3, 4, 5], 90, 8, (Deadlift, 3, 8, 80))),
            (
                SpinalJumpRule.RuleName,
                Steady(athlete).Weekly(5, 6, [0, 2, 4], 60, 6, (Deadlift, 5, 8, 90), (Squat, 5, 8, 80))
            ),
            (
                ReturnAfterBreakRule.RuleName,
                Steady(athlete).Weekly(8, 9, [0, 2, 4], 60, 6, (Deadlift, 3, 8, 80), (Squat, 3, 8, 70))
            ),
            (
                StackedProgressionRule.RuleName,
                Steady(athlete).Session(Monday.AddDays(35), 60, 6, (Deadlift, 4, 9, 85), (Squat, 3, 8, 70))
            ),
            (
                BackToBackHingeRule.RuleName,
                Steady(athlete)
                    .Session(Monday.AddDays(35), 60, 6, (Deadlift, 3, 3, 140))
                    .Session(Monday.AddDays(36), 60, 6, (Deadlift, 3, 3, 140))
            ),
            (
                PainAfterHeavyRule.RuleName,
                Steady(athlete)
                    .DailyCheckins(Monday.AddDays(14), Monday.AddDays(35), 2)
                    .Session(Monday.AddDays(35), 60, 8, (Deadlift, 3, 3, 140))
                    .Checkin(Monday.AddDays(36), 4)
            ),
            (MonotonyHighRule.RuleName, Steady(athlete).Weekly(5, 6, [0, 1, 2, 3, 4, 5, 6], 45, 6)),
        ];
        foreach (var (rule, log) in scenarios)
        foreach (var alert in log.Alerts(rule))
            yield return (rule, alert);
    }

    private static IEnumerable<(TrainingLog Log, IsoWeek Week)> WeeklyLogs(AthleteProfile athlete)
    {
        yield return (
            Steady(athlete)
                .Weekly(5, 6, [0, 1, 2, 3, 4, 5], 90, 8, (Deadlift, 3, 8, 80))
                .DailyCheckins(Monday.AddDays(28), Monday.AddDays(41), 3),
            IsoWeek.Of(Monday.AddDays(35))
        );
        yield return (Steady(athlete), IsoWeek.Of(Monday.AddDays(28)));
        yield return (new TrainingLog(Monday, athlete), IsoWeek.Of(Monday));
    }

    /// <summary>One check-in per sign and answer of the form, some marked known after a first report.</summary>
    private static IEnumerable<PainCheckin> Checkins()
    {
        Func<PainCheckin, PainCheckin>[] signs =
        [
            c => c with { SaddleNumbness = true, Pain = 8 },
            c => c with { BladderBowel = true, SexualDysfunction = true, ChestPain = true },
            c => c with { LegPain = LegPain.Both, Numbness = Numbness.BothLegs },
            c => c with { Weakness = Weakness.Severe },
            c => c with { Weakness = Weakness.Worsening },
            c => c with { Weakness = Weakness.Mild, WeaknessSide = WeaknessSide.Both },
            c => c with { Trauma = Trauma.Major },
            c => c with { Fever = true, WeightLoss = true, BackLump = true, NightPain = true },
            c => c with { NotEasedByRest = true, CoughSneeze = true, UpperBackPain = true, GaitChange = true },
            c => c with { LegPain = LegPain.Left, Numbness = Numbness.OneLeg },
            c => c with { LegPain = LegPain.Right, Weakness = Weakness.Mild, WeaknessSide = WeaknessSide.One },
            c => c with { LegPain = LegPain.Left },
            c => c with { LegPain = LegPain.Right, Numbness = Numbness.OneLeg, Known = ["legPain", "numbness"] },
            c => c with { Numbness = Numbness.OneLeg },
            c => c with { Weakness = Weakness.Mild, WeaknessSide = WeaknessSide.One },
            c => c with { Trauma = Trauma.Lift },
            c => c with { Trauma = Trauma.Minor, Unwell = true },
            c => c with { Pain = 2 },
            c => c with { Pain = null },
        ];
        return signs.Select((more, i) => Checkin(more, i));
    }

    private static DateTimeOffset Now() => new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static PainCheckin Checkin(Func<PainCheckin, PainCheckin> more, int daysAgo = 0) =>
        more(
            new PainCheckin
            {
                AthleteId = "ana",
                Date = Day.AddDays(-daysAgo),
                Pain = 4,
            }
        );

    private static AthleteProfile Athlete(string language, string? country) =>
        new()
        {
            AthleteId = "ana",
            Email = "ana@example.com",
            DisplayName = "Ana",
            CoachEmail = "coach@example.com",
            ShareWithCoach = true,
            BirthYear = 1960,
            Osteoporosis = true,
            Language = language,
            Country = country,
        };

    private static RuleContext Context(AthleteProfile athlete, IReadOnlyList<PainCheckin>? checkins = null) =>
        new([], new MetricsOptions(), new AlertOptions()) { Profile = athlete, Checkins = checkins ?? [] };

    private static Dictionary<string, string> Texts(string file) =>
        XDocument
            .Load(Path.Combine(DevHost.RepositoryRoot.Find(), "Core", "Localization", file))
            .Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    /// <summary>The key whose text here, its holes filled anyhow, is <paramref name="reason"/>; or "".</summary>
    private static string KeyOf(string reason, Words words) =>
        Texts("Texts.resx")
            .Keys.Where(k => words[k].Count(char.IsLetter) - Regex.Matches(words[k], @"\{\d+\}").Count >= 5)
            .FirstOrDefault(k =>
                Regex.IsMatch(reason, "^" + Regex.Replace(Regex.Escape(words[k]), @"\\\{\d+}", ".+") + "$")
            )
        ?? "";

    private static string Holes(string text) =>
        string.Join(",", HoleRegex().Matches(text).Select(m => m.Value).Distinct().Order());

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex HoleRegex();
}
