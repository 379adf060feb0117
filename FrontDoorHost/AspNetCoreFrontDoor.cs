using BackSignal.Core.Email;
using BackSignal.Core.FrontDoor;
using BackSignal.Core.Hosting;
using BackSignal.Core.Import;
using BackSignal.Core.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackSignal.FrontDoorHost;

/// <summary>
/// The one adapter between ASP.NET Core and the front door, used by both hosts (the Functions app's ASP.NET Core
/// integration and `backsignal run`'s Kestrel): it reads the request into a <see cref="FrontDoorRequest"/> within
/// the route's size limits and writes the <see cref="FrontDoorResponse"/>.
/// </summary>
public static partial class AspNetCoreFrontDoor
{
    // A mail over the limit is read to its end (up to this) so that SendGrid gets its 200 rather than a reset.
    private const long MaxDrainBytes = 100_000_000;

    /// <param name="route">The route the host matched; null for a path that is none (the front door's 404).</param>
    public static async Task HandleAsync(HttpContext context, FrontDoorRoutes.Route? route)
    {
        var ct = context.RequestAborted;
        // The request's language (the browser's Accept-Language, as ASP.NET Core's request localization would set
        // it): what a page for someone not known yet is written in. Flows with this request only.
        RequestLanguage.Set(context.Request.Headers.AcceptLanguage.ToString());
        var words = SafetyLines.Browser.Words;
        if (route is null)
        {
            await WriteAsync(
                context,
                Pages.Page(404, words["Page.NotFound.Title"], Html.Of($"<p>{words["Page.NotFound"]}</p>"))
            );
            return;
        }
        var services = context.RequestServices;
        var request = new FrontDoorRequest(context.Request.Method, route.Path)
        {
            Query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            Headers = context.Request.Headers.ToDictionary(
                h => h.Key,
                h => h.Value.ToString(),
                StringComparer.OrdinalIgnoreCase
            ),
            Body = context.Request.Body,
        };
        // The link or the webhook key first: without one, no body is read.
        if (services.GetRequiredService<FrontDoorGate>().Admit(route, request.Query) is { } refused)
        {
            await WriteAsync(context, refused);
            return;
        }
        var bodyLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (route.FormBody && route.MaxFormBytes is { } formLimit)
        {
            // A page's form: its limit is enforced while reading, and a larger one is refused without reading it.
            if (context.Request.ContentLength > formLimit)
            {
                await WriteAsync(
                    context,
                    Pages.Page(413, words["Page.TooLarge.Title"], Html.Of($"<p>{words["Page.TooLarge"]}</p>"))
                );
                return;
            }
            if (bodyLimit is { IsReadOnly: false })
                bodyLimit.MaxRequestBodySize = formLimit;
            request = await ReadFormAsync(context, request, formLimit);
        }
        else if (route.FormBody)
        {
            // SendGrid's mail (key already checked): a mail over the limit is drained so that it gets its 200.
            if (bodyLimit is { IsReadOnly: false })
                bodyLimit.MaxRequestBodySize = MaxDrainBytes;
            var inbound = services.GetRequiredService<IOptions<InboundOptions>>().Value;
            request = await ReadFormAsync(context, request, inbound.MaxMailBytes);
        }
        else if (bodyLimit is { IsReadOnly: false })
            bodyLimit.MaxRequestBodySize = services.GetRequiredService<ImportLimits>().MaxFileBytes + 1;

        FrontDoorResponse response;
        try
        {
            response = await route.Serve(services, request, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A streamed body (no Content-Length) past the limit set above: the server stops reading before the
            // handler's own count can, and says so with the same status.
            response = FrontDoorResponse.Text(413, $"Over the {bodyLimit?.MaxRequestBodySize:N0}-byte limit.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An error page carries the same headers as any other, and nothing of the exception.
            if (services.GetService<ILoggerFactory>()?.CreateLogger("BackSignal.FrontDoor") is { } log)
                LogRouteFailed(log, route.Name, e.GetType().Name);
            response = Pages.Page(500, words["Page.Error.Title"], Html.Of($"<p>{words["Page.Error"]}</p>"));
        }
        await WriteAsync(context, response);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Front door route {Route} failed: {Error}")]
    private static partial void LogRouteFailed(ILogger logger, string route, string error);

    /// <summary>
    /// Every page, error pages too: nothing loads from elsewhere, no form posts elsewhere, no framing, no referrer.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; "
        + "base-uri 'none'";

    private static async Task<FrontDoorRequest> ReadFormAsync(HttpContext context, FrontDoorRequest request, long limit)
    {
        if (!context.Request.HasFormContentType)
            return request with { FormError = "not a form" };
        var over = $"over {limit / 1_000_000.0:0.###} MB";
        if (context.Request.ContentLength > limit)
            return request with { FormError = await DrainAsync(context, over) };
        try
        {
            var form = await context.Request.ReadFormAsync(
                new FormOptions
                {
                    MultipartBodyLengthLimit = limit,
                    ValueLengthLimit = (int)Math.Min(limit, int.MaxValue),
                    ValueCountLimit = 200,
                },
                context.RequestAborted
            );
            return request with
            {
                Form = form.ToDictionary(f => f.Key, f => f.Value.ToString()),
                Files = form
                    .Files.Select(f => new Core.FrontDoor.FormFile(f.Name, f.FileName, f.Length, f.OpenReadStream))
                    .ToList(),
            };
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return request with { FormError = await DrainAsync(context, $"{over} or malformed") };
        }
    }

    private static async Task<string> DrainAsync(HttpContext context, string reason)
    {
        try
        {
            var buffer = new byte[81920];
            long total = 0;
            int n;
            while (
                total < MaxDrainBytes && (n = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0
            )
                total += n;
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException) { }
        return reason;
    }

    private static async Task WriteAsync(HttpContext context, FrontDoorResponse response)
    {
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Over HTTPS (Azure) browsers are told to stay on it; a local run on http://127.0.0.1 has no certificate.
        if (context.Request.IsHttps)
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        if (response.Location is { } location)
            headers.Location = location.ToString();
        if (response.ContentLanguage is { } language)
            headers.ContentLanguage = language;
        if (response.Download is { } download)
        {
            headers.ContentDisposition = $"attachment; filename=\"{response.DownloadName ?? "download"}\"";
            await download(context.Response.Body, context.RequestAborted);
        }
        else
            await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }
}
