using BackSignal.Core.Localization;

namespace BackSignal.Core.Email;

/// <summary>
/// The frame every email shares: table layout and inline styles (what mail clients render), no scripts, no
/// external images or fonts, and the reminder that BackSignal does not diagnose. The body is <see cref="Email.Html"/>,
/// so every piece of user or data text in it went in escaped.
/// </summary>
public static class EmailLayout
{
    /// <summary>
    /// What every email ends with: no diagnosis, nobody reads replies, whom to call for what — in the reader's
    /// language and with their country's numbers (English and the main regions' numbers when nobody is known).
    /// </summary>
    public static string NotADiagnosis(SafetyLines? safety = null)
    {
        safety ??= SafetyLines.English;
        return safety.Words["Email.Reads"] + " " + safety.Footer;
    }

    /// <summary>The whole document around <paramref name="body"/>, ready to send.</summary>
    public static string Html(string title, string accentColor, Html body, SafetyLines? safety = null) =>
        Email
            .Html.Of(
                $"<!DOCTYPE html><html lang=\"{(safety ?? SafetyLines.English).Words.Language}\"><head>"
                    + $"<meta charset=\"utf-8\"><meta name=\"viewport\" "
                    + $"content=\"width=device-width\"><title>{title}</title></head>"
                    + $"<body style=\"margin:0;padding:0;background:#f3f4f6;"
                    + $"font-family:Arial,Helvetica,sans-serif;color:#111827;\">"
                    + $"<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
                    + $"style=\"background:#f3f4f6;\"><tr><td align=\"center\" style=\"padding:24px 8px;\">"
                    + $"<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" "
                    + $"style=\"max-width:600px;width:100%;background:#ffffff;border-radius:6px;\">"
                    + $"<tr><td style=\"background:{accentColor};color:#ffffff;padding:16px 24px;font-size:20px;"
                    + $"font-weight:bold;border-radius:6px 6px 0 0;\">{title}</td></tr>"
                    + $"<tr><td style=\"padding:20px 24px;font-size:15px;line-height:1.5;\">{body}</td></tr>"
                    + $"<tr><td style=\"{FooterStyle}\">{NotADiagnosis(safety)}</td></tr>"
                    + $"</table></td></tr></table></body></html>"
            )
            .ToString();

    /// <summary>The footer row's style: <see cref="EmailLinks"/> finds the end of the body cell by it.</summary>
    public const string FooterStyle =
        "padding:12px 24px 20px;font-size:12px;line-height:1.4;color:#6b7280;border-top:1px solid #e5e7eb;";

    public static Html Paragraph(string text, string style = "margin:0 0 12px;") =>
        Email.Html.Of($"<p style=\"{style}\">{text}</p>");
}
