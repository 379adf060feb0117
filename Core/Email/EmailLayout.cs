using System.Net;
using System.Text;

namespace BackSignal.Core.Email;

/// <summary>
/// The frame every email shares: table layout and inline styles (what mail clients render), no scripts, no
/// external images or fonts, and the reminder that BackSignal does not diagnose. Callers pass HTML they built
/// with <see cref="Escape"/> around every piece of user or data text.
/// </summary>
public static class EmailLayout
{
    /// <summary>What every email ends with: no diagnosis, nobody reads replies, whom to call for what.</summary>
    public const string NotADiagnosis =
        "BackSignal reads training logs and check-ins and points out patterns; a doctor or physiotherapist decides "
        + "what they mean. "
        + Rules.SafetyNet.Footer;

    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Html(string title, string accentColor, string bodyHtml)
    {
        var html = new StringBuilder();
        html.Append(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                    + "content=\"width=device-width\"><title>"
            )
            .Append(Escape(title))
            .Append("</title></head>")
            .Append(
                "<body style=\"margin:0;padding:0;background:#f3f4f6;"
                    + "font-family:Arial,Helvetica,sans-serif;color:#111827;\">"
            )
            .Append(
                "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
                    + "style=\"background:#f3f4f6;\"><tr><td align=\"center\" style=\"padding:24px 8px;\">"
            )
            .Append(
                "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" "
                    + "style=\"max-width:600px;width:100%;background:#ffffff;border-radius:6px;\">"
            )
            .Append("<tr><td style=\"background:")
            .Append(accentColor)
            .Append(";color:#ffffff;padding:16px 24px;font-size:20px;font-weight:bold;border-radius:6px 6px 0 0;\">")
            .Append(Escape(title))
            .Append("</td></tr>")
            .Append("<tr><td style=\"padding:20px 24px;font-size:15px;line-height:1.5;\">")
            .Append(bodyHtml)
            .Append("</td></tr>")
            .Append(
                "<tr><td style=\"padding:12px 24px 20px;font-size:12px;line-height:1.4;color:#6b7280;border-top:1px "
                    + "solid #e5e7eb;\">"
            )
            .Append(Escape(NotADiagnosis))
            .Append("</td></tr>")
            .Append("</table></td></tr></table></body></html>");
        return html.ToString();
    }

    public static string Paragraph(string text, string style = "margin:0 0 12px;") =>
        $"<p style=\"{style}\">{Escape(text)}</p>";
}
