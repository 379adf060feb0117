namespace BackSignal.Core.Email;

/// <summary>A signed link added at the end of an email (the check-in link, the coach's page).</summary>
public static class EmailLinks
{
    public static OutgoingEmail Append(OutgoingEmail email, string sentence, string label, string url)
    {
        var paragraph = (
            EmailLayout.Paragraph(sentence, "margin:16px 0 4px;")
            + Html.Of(
                $"<p style=\"margin:0 0 12px;\"><a href=\"{url}\" style=\"color:#1d4ed8;font-weight:bold;\">"
                    + $"{label}</a></p>"
            )
        ).ToString();
        // At the end of the body cell, before the footer row of EmailLayout.Html.
        var footer = email.Html.IndexOf($"<tr><td style=\"{EmailLayout.FooterStyle}\">", StringComparison.Ordinal);
        var at = footer < 0 ? -1 : email.Html.LastIndexOf("</td></tr>", footer, StringComparison.Ordinal);
        var html = at < 0 ? email.Html + paragraph : email.Html.Insert(at, paragraph);
        return email with { Html = html, Text = email.Text.TrimEnd() + $"\n\n{sentence}\n{label}: {url}\n" };
    }
}
