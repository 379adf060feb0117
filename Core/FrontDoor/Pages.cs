using BackSignal.Core.Email;
using BackSignal.Core.Localization;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The shell of the front door's pages: server-rendered, no JavaScript, no external assets, readable on a phone
/// (one column, 16 px text, large targets), with contrast of at least 4.5:1. Built from <see cref="Email.Html"/>
/// templates, so every value shown is escaped unless it is HTML built the same way.
/// </summary>
public static partial class Pages
{
    /// <summary>
    /// A whole page in the reader's language (<paramref name="safety"/>: the athlete's language and country when the
    /// page is theirs; English and the main regions' numbers when nobody is known yet).
    /// </summary>
    public static FrontDoorResponse Page(int status, string title, Html body, SafetyLines? safety = null)
    {
        safety ??= SafetyLines.Browser;
        return new(
            status,
            "text/html; charset=utf-8",
            Email
                .Html.Of(
                    $"<!DOCTYPE html><html lang=\"{safety.Words.Language}\"><head><meta charset=\"utf-8\">"
                        + $"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        + $"<meta name=\"referrer\" content=\"no-referrer\">"
                        + $"<title>{title} · BackSignal</title><style>{Style}</style></head><body><main>"
                        + $"<h1>{title}</h1>{body}<p class=\"small\">{safety.Footer}</p></main></body></html>"
                )
                .ToString()
        )
        {
            ContentLanguage = safety.Words.Language,
        };
    }

    /// <summary>A row of a page's figures table: the label as its header, the value beside it.</summary>
    public static Html Row(string label, string value) =>
        Email.Html.Of($"<tr><th scope=\"row\">{label}</th><td>{value}</td></tr>");

    /// <summary>A change against the usual weeks as the pages show it (+12%), "–" when there is none.</summary>
    public static string Percent(double? change) =>
        change is { } c ? c.ToString("+0%;-0%;0%", System.Globalization.CultureInfo.InvariantCulture) : "–";

    /// <summary>The messages of one form field, beside it (its id is what aria-describedby names).</summary>
    public static Html FieldErrors(IReadOnlyList<Import.ValidationProblem> problems, string field) =>
        problems.Where(p => p.Field == field).Select(p => p.Reason).ToList() is { Count: > 0 } reasons
            ? Email.Html.Of($"<p class=\"error\" id=\"{field}-error\">{string.Join(" ", reasons)}</p>")
            : Email.Html.Empty;

    /// <summary>A plain page for a link that opens nothing (expired, altered, revoked, wrong purpose).</summary>
    public static FrontDoorResponse LinkProblem(string problem, SafetyLines? safety = null)
    {
        safety ??= SafetyLines.Browser;
        var words = safety.Words;
        return Page(403, words["Link.Problem.Title"], Email.Html.Of($"<p>{ProblemText(problem, words)}</p>"), safety);
    }

    /// <summary>A link's refusal (Access writes it in English) in the reader's language.</summary>
    public static string ProblemText(string problem, Words words) =>
        ExpiredOn().Match(problem) is { Success: true } m
        && DateOnly.TryParseExact(
            m.Groups[1].Value,
            "yyyy-MM-dd",
            System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None,
            out var day
        )
            ? words["Link.Expired", words.Date(day)]
            : words.FromEnglish(problem);

    [System.Text.RegularExpressions.GeneratedRegex(@"^This link expired on (\d{4}-\d{2}-\d{2}): ask for a new one\.$")]
    private static partial System.Text.RegularExpressions.Regex ExpiredOn();

    private static readonly Html Style = Email.Html.Constant(StyleSheet);

    private const string StyleSheet =
        "body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 Arial,Helvetica,sans-serif}"
        + "main{max-width:40rem;margin:0 auto;padding:1rem;background:#fff}"
        + "h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.25rem 0 .5rem}"
        + "fieldset{border:1px solid #9ca3af;border-radius:6px;margin:0 0 1rem;padding:.75rem}"
        + "legend{font-weight:bold;padding:0 .25rem}label{display:block;padding:.35rem 0}"
        + "input[type=radio],input[type=checkbox]{width:1.25rem;height:1.25rem;margin-right:.5rem;"
        + "vertical-align:middle}"
        + "input[type=number],input[type=email],input:not([type]),select,textarea{font:inherit;padding:.5rem;"
        + "border:1px solid #4b5563;border-radius:4px;"
        + "width:100%;box-sizing:border-box}"
        + "button{font:inherit;font-weight:bold;padding:.75rem 1.5rem;border:0;border-radius:6px;"
        + "background:#1d4ed8;color:#fff;min-height:44px}"
        + ":focus-visible{outline:3px solid #b45309;outline-offset:2px}"
        + ".hint{color:#374151;font-size:.9rem;margin:0 0 .25rem}"
        + ".error{color:#991b1b;font-weight:bold;margin:.25rem 0}"
        + ".emergency{background:#991b1b;color:#fff;padding:1rem;border-radius:6px;font-size:1.2rem}"
        + ".urgent{background:#fef3c7;border-left:6px solid #b45309;padding:1rem}"
        + ".soon{background:#eff6ff;border-left:6px solid #1d4ed8;padding:1rem}"
        + ".saved{background:#ecfdf5;border-left:6px solid #047857;padding:1rem}"
        + ".known-signs{background:#f9fafb;border-left:6px solid #6b7280;padding:.5rem 1rem;color:#374151}"
        + "label.known{font-size:.85rem;color:#374151;padding:0 0 .35rem 1.75rem}"
        + ".sign{border-bottom:1px solid #e5e7eb;padding:.25rem 0}.sign .hint{padding-left:1.75rem}"
        + ".small{color:#374151;font-size:.85rem;margin-top:2rem}"
        + "table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #d1d5db;"
        + "padding:.35rem;text-align:left}img{max-width:100%;height:auto}"
        + ".athlete{border-top:2px solid #d1d5db;margin-top:1rem;padding-top:.5rem}";
}
