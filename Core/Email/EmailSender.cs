using System.Net;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace BackSignal.Core.Email;

/// <summary>
/// Sends through the SendGrid client. Its HttpClient comes from IHttpClientFactory with a resilience handler
/// (see <see cref="EmailServiceCollectionExtensions"/>) that retries 429 and 5xx; what is still failing after
/// that is transient for the queue, and any other status is a permanent rejection with SendGrid's reason.
/// </summary>
public sealed class EmailSender(IHttpClientFactory httpClients, IOptions<EmailOptions> options)
{
    public async Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken ct)
    {
        var settings = options.Value;
        var clientOptions = new SendGridClientOptions { ApiKey = settings.ApiKey };
        if (!string.IsNullOrWhiteSpace(settings.Host))
            clientOptions.Host = settings.Host;
        var client = new SendGridClient(httpClients.CreateClient(EmailOptions.HttpClientName), clientOptions);

        var message = new SendGridMessage
        {
            From = new EmailAddress(settings.FromEmail, settings.FromName),
            Subject = email.Subject,
            PlainTextContent = email.Text,
            HtmlContent = email.Html,
        };
        message.AddTo(new EmailAddress(email.To));
        message.AddCategory(email.Category);
        foreach (var (key, value) in email.CustomArgs)
            message.AddCustomArg(key, value);
        foreach (var image in email.InlineImages)
            message.AddAttachment(
                image.FileName,
                Convert.ToBase64String(image.Content),
                image.MimeType,
                "inline",
                image.ContentId
            );
        // The language the text is in (RFC 3282), as the HTML's lang attribute says.
        message.AddHeader("Content-Language", email.Language);
        if (email.UnsubscribeGroupId is { } group)
            message.SetAsm(group);
        if (email.OneClickUnsubscribe is { } unsubscribe)
        {
            // RFC 8058: a mailbox provider POSTs "List-Unsubscribe=One-Click" to the URL, without cookies.
            message.AddHeader("List-Unsubscribe", $"<{unsubscribe}>");
            message.AddHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        // Health email: no tracking pixels, no rewritten links, whatever the account's defaults.
        message.SetClickTracking(false, false);
        message.SetOpenTracking(false);

        Response response;
        try
        {
            response = await client.SendEmailAsync(message, ct);
        }
        catch (HttpRequestException e) when (NotSent(e))
        {
            throw new TransientEmailException($"SendGrid could not be reached: {e.HttpRequestError}.", e);
        }
        catch (Exception e)
            when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                || (e is TaskCanceledException && !ct.IsCancellationRequested)
            )
        {
            // The request went out and no answer came: SendGrid may have accepted it.
            throw new TransientEmailException(
                $"SendGrid did not answer in time ({e.GetType().Name}).",
                e,
                maybeSent: true
            );
        }

        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
        {
            var id = response.Headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
            return new SendResult(SendOutcome.Accepted, status, id, null);
        }
        var body = await response.Body.ReadAsStringAsync(ct);
        if (status is 401 or 403)
            throw new EmailConfigurationException(status);
        if (status == 429 || status >= 500)
            throw new TransientEmailException($"SendGrid answered {status} after retries.");
        return new SendResult(SendOutcome.Rejected, status, null, $"SendGrid answered {status}: {Truncate(body, 500)}");
    }

    /// <summary>A failure before the request left: no connection, no name. Safe to send again.</summary>
    internal static bool NotSent(HttpRequestException e) =>
        e.HttpRequestError
            is HttpRequestError.ConnectionError
                or HttpRequestError.NameResolutionError
                or HttpRequestError.ProxyTunnelError
                or HttpRequestError.SecureConnectionError;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
