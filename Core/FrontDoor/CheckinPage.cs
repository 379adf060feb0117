using System.Text;
using System.Threading.RateLimiting;
using BackSignal.Core.Access;
using BackSignal.Core.Configuration;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// `GET/POST /api/checkin?t=TOKEN`: the pain check-in of DESIGN §4b as a form an athlete fills on a phone from the
/// link in their email. The answer page shows at once the advice of any see-a-doctor tier the answers reach
/// (emergency first and prominent); the check-in is queued on `checkins` and the email follows as for any other.
/// </summary>
public sealed class CheckinPage(
    LinkTokens tokens,
    AccessRefs access,
    AthleteStore athletes,
    MessageQueue queue,
    IOptions<AlertOptions> alertOptions,
    [FromKeyedServices(Clock.Key)] TimeProvider time
)
{
    // Per instance: enough to stop a script hammering one link, not a quota.
    private static readonly PartitionedRateLimiter<string> PerToken = PartitionedRateLimiter.Create<string, string>(
        token =>
            RateLimitPartition.GetFixedWindowLimiter(
                token,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) }
            )
    );

    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var token = request.Method == "POST" ? request.FormValue("t") : request.QueryValue("t");
        var (claims, problem) = tokens.Verify(token, LinkPurpose.Checkin);
        if (claims is null)
            return LinkProblem(problem!);
        var athleteId = await access.FindAthleteAsync(claims.Subject, ct);
        var profile = athleteId is null ? null : await athletes.FindAsync(athleteId, ct);
        if (profile is null)
            return LinkProblem("This link was revoked: ask for a new one.");
        if (request.Method != "POST")
            return Form(token!, new Dictionary<string, string>(), [], 200);

        using var lease = PerToken.AttemptAcquire(token!);
        if (!lease.IsAcquired)
            return Html(429, "Too many check-ins", "<p>Please wait a few minutes before sending another.</p>");
        if (request.FormError is not null || !tokens.VerifyFormNonce(token!, request.FormValue("nonce")))
            return Form(
                token!,
                request.Form,
                [new("form", "The form was too old or not ours: check your answers " + "and send it again.")],
                400
            );

        var today = profile.LocalDate(time.GetUtcNow());
        var (checkin, problems) = Read(request.Form, profile.AthleteId, today);
        // The form's own messages first; validation adds only what they do not already say.
        problems =
        [
            .. problems,
            .. CheckinValidation
                .Problems(checkin, today)
                .Where(p => p.Field != "athleteId" && problems.All(q => q.Field != p.Field)),
        ];
        if (problems.Count > 0)
            return Form(token!, request.Form, problems, 400);

        await queue.SendAsync(QueueNames.Checkins, checkin, ct);
        var context = new RuleContext([], new MetricsOptions(), alertOptions.Value.For(profile))
        {
            Profile = profile,
            Checkins = [checkin],
        };
        return Answer(SeeADoctorRule.Assess(checkin, context), token!);
    }

    private static (PainCheckin Checkin, List<ValidationProblem> Problems) Read(
        IReadOnlyDictionary<string, string> form,
        string athleteId,
        DateOnly today
    )
    {
        var problems = new List<ValidationProblem>();
        string? Value(string name) => form.TryGetValue(name, out var v) ? v.Trim() : null;
        bool Yes(string name) => Value(name) is "yes" or "on" or "true";
        T Choice<T>(string name, string question)
            where T : struct, Enum
        {
            var text = Value(name);
            var match = Enum.GetValues<T>().Where(v => Wire(v) == text).ToList();
            if (match.Count == 1)
                return match[0];
            problems.Add(new(name, $"Choose one answer to: {question}"));
            return default;
        }
        var pain = 0;
        if (!int.TryParse(Value("pain"), out pain) || pain is < 0 or > 10)
            problems.Add(new("pain", "Give your low-back pain as a whole number from 0 (none) to 10 (worst)."));
        var checkin = new PainCheckin
        {
            AthleteId = athleteId,
            Date = today,
            Pain = pain,
            LegPain = Choice<LegPain>("legPain", "pain shooting below the knee"),
            Numbness = Choice<Numbness>("numbness", "numbness or pins and needles"),
            Weakness = Choice<Weakness>("weakness", "weakness in a leg or foot"),
            Trauma = Choice<Trauma>("trauma", "an injury before the pain"),
            BladderBowel = Yes("bladderBowel"),
            SexualDysfunction = Yes("sexualDysfunction"),
            NightPain = Yes("nightPain"),
            NotEasedByRest = Yes("notEasedByRest"),
            GaitChange = Yes("gaitChange"),
            Fever = Yes("fever"),
            Unwell = Yes("unwell"),
            WeightLoss = Yes("weightLoss"),
            UpperBackPain = Yes("upperBackPain"),
            Assessed = Yes("assessed"),
            Note = string.IsNullOrWhiteSpace(Value("note")) ? null : Value("note"),
        };
        return (checkin, problems);
    }

    private static string Wire<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static readonly (string Name, string Label, string Hint)[] YesNo =
    [
        (
            "bladderBowel",
            "New trouble passing or holding urine or stool",
            "Or not feeling it pass, since the back pain started."
        ),
        ("sexualDysfunction", "New loss of sexual function or feeling in the genitals", ""),
        ("gaitChange", "New difficulty walking", "Tripping, a foot that drags, unsteady legs."),
        ("fever", "A fever", "38 °C / 100.4 °F or more."),
        ("unwell", "Feeling generally unwell", "Chills, sweats, feeling ill."),
        ("weightLoss", "Weight lost without trying", ""),
        ("nightPain", "Pain that wakes you at night", ""),
        ("notEasedByRest", "Pain that lying down or rest does not ease", ""),
        ("upperBackPain", "Pain between the shoulder blades or in the chest wall", ""),
        ("assessed", "A clinician has seen these symptoms since BackSignal's last see-a-doctor advice", ""),
    ];

    private FrontDoorResponse Form(
        string token,
        IReadOnlyDictionary<string, string> answers,
        IReadOnlyList<ValidationProblem> problems,
        int status
    )
    {
        string? Answer(string name) => answers.TryGetValue(name, out var v) ? v : null;
        string Errors(string field) =>
            problems.Where(p => p.Field == field).Select(p => E(p.Reason)).ToList() is { Count: > 0 } reasons
                ? $"<p class=\"error\" id=\"{field}-error\">{string.Join(" ", reasons)}</p>"
                : "";
        string Described(string field) =>
            problems.Any(p => p.Field == field) ? $" aria-describedby=\"{field}-error\" aria-invalid=\"true\"" : "";
        string Radios<T>(string name, string legend, params (T Value, string Label)[] options)
            where T : struct, Enum
        {
            var chosen = Answer(name) ?? Wire(options[0].Value);
            var html = new StringBuilder($"<fieldset{Described(name)}><legend>{E(legend)}</legend>{Errors(name)}");
            foreach (var (value, label) in options)
            {
                var wire = Wire(value);
                html.Append($"<label><input type=\"radio\" name=\"{name}\" value=\"{wire}\"")
                    .Append(wire == chosen ? " checked" : "")
                    .Append($">{E(label)}</label>");
            }
            return html.Append("</fieldset>").ToString();
        }

        var body = new StringBuilder();
        if (problems.Count > 0)
            body.Append("<p class=\"error\" role=\"alert\">Some answers need another look: see below.</p>");
        body.Append(Errors("form"));
        body.Append("<form method=\"post\" action=\"/api/checkin\" novalidate>")
            .Append($"<input type=\"hidden\" name=\"t\" value=\"{E(token)}\">")
            .Append($"<input type=\"hidden\" name=\"nonce\" value=\"{E(tokens.FormNonce(token))}\">")
            .Append($"<fieldset{Described("pain")}><legend>Low-back pain today</legend>")
            .Append("<label for=\"pain\">From 0 (none) to 10 (the worst you can imagine)</label>")
            .Append(Errors("pain"))
            .Append($"<input id=\"pain\" name=\"pain\" type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"10\" ")
            .Append($"value=\"{E(Answer("pain") ?? "")}\" required></fieldset>")
            .Append(
                Radios(
                    "legPain",
                    "Pain shooting below the knee",
                    (LegPain.None, "No"),
                    (LegPain.Left, "Yes, left leg"),
                    (LegPain.Right, "Yes, right leg"),
                    (LegPain.Both, "Yes, both legs")
                )
            )
            .Append(
                Radios(
                    "numbness",
                    "Numbness or pins and needles",
                    (Numbness.None, "None"),
                    (Numbness.OneLeg, "In one leg"),
                    (Numbness.BothLegs, "In both legs"),
                    (
                        Numbness.Saddle,
                        "Between the legs, around the genitals or buttocks (where you would sit on a saddle)"
                    )
                )
            )
            .Append(
                Radios(
                    "weakness",
                    "Weakness in a leg or foot",
                    (Weakness.None, "None"),
                    (Weakness.Mild, "Mild"),
                    (Weakness.Severe, "Severe"),
                    (Weakness.Worsening, "Getting worse")
                )
            )
            .Append(
                Radios(
                    "trauma",
                    "An injury before the pain",
                    (Trauma.None, "None"),
                    (Trauma.Minor, "Minor: a fall from standing, a knock"),
                    (Trauma.Major, "Major: a road accident, a fall from a height")
                )
            )
            .Append("<fieldset><legend>Since the pain started, do you have…</legend>");
        foreach (var (name, label, hint) in YesNo)
        {
            var on = Answer(name) is "yes" or "on" or "true";
            body.Append($"<label><input type=\"checkbox\" name=\"{name}\" value=\"yes\"{(on ? " checked" : "")}>")
                .Append(E(label))
                .Append(hint.Length > 0 ? $"<span class=\"hint\"> — {E(hint)}</span>" : "")
                .Append("</label>");
        }
        body.Append("</fieldset>")
            .Append("<label for=\"note\">A note for your own record (never shown to your coach)</label>")
            .Append(Errors("note"))
            .Append($"<textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"2000\">{E(Answer("note"))}</textarea>")
            .Append("<p><button type=\"submit\">Send check-in</button></p></form>");
        return Html(status, "How is your back today?", body.ToString());
    }

    private static FrontDoorResponse Answer(Alert? alert, string token)
    {
        var again = $"<p><a href=\"/api/checkin?t={E(token)}\">Another check-in</a></p>";
        if (alert is null)
            return Html(
                200,
                "Check-in saved",
                "<p class=\"saved\" role=\"status\">Saved. Nothing in your answers "
                    + "needs a doctor now; keep checking in.</p>"
                    + again
            );
        var (css, heading) = alert.Tier switch
        {
            AlertTier.Emergency => (
                "emergency",
                "Call the emergency number now (112 in Europe, 999 in the UK, 911 in North America), or go to an "
                    + "emergency department."
            ),
            AlertTier.Urgent => ("urgent", "See a doctor today or within 24 hours."),
            _ => ("soon", alert.Title + "."),
        };
        return Html(
            200,
            alert.Tier == AlertTier.Emergency ? "Emergency: get help now" : "Check-in saved: see a doctor",
            $"<div class=\"{css}\" role=\"alert\"><p><strong>{E(heading)}</strong></p>"
                + $"<p>{E(alert.Evidence)}</p><p>{E(alert.Advice)}</p></div>"
                + "<p>Your check-in is saved and an email with this advice follows.</p>"
                + again
        );
    }
}
