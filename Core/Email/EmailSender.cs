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
        if (!string.IsNullOrWhiteSpace(settings.Host)) clientOptions.Host = settings.Host;
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
        foreach (var (key, value) in email.CustomArgs) message.AddCustomArg(key, value);
        foreach (var image in email.InlineImages)
            message.AddAttachment(image.FileName, Convert.ToBase64String(image.Content), image.MimeType, "inline", image.ContentId);
        if (email.UnsubscribeGroupId is { } group) message.SetAsm(group);

        Response response;
        try
        {
            response = await client.SendEmailAsync(message, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                   || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new TransientEmailException($"SendGrid could not be reached: {e.GetType().Name}.", e);
        }

        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
        {
            var id = response.Headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
            return new SendResult(SendOutcome.Accepted, status, id, null);
        }
        var body = await response.Body.ReadAsStringAsync(ct);
        if (status == 429 || status >= 500)
            throw new TransientEmailException($"SendGrid answered {status} after retries.");
        return new SendResult(SendOutcome.Rejected, status, null, $"SendGrid answered {status}: {Truncate(body, 500)}");
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
