using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Hosting;

/// <summary>
/// Framework log categories that write URLs: ASP.NET Core's "Request starting … /api/checkin?t=…" and HttpClient's
/// "Sending HTTP request … ?code=…" carry link tokens and webhook keys. Both hosts keep them to warnings, so no
/// token or key reaches the console or Application Insights.
/// </summary>
public static class LogFilters
{
    public static readonly string[] UrlWritingCategories =
    [
        "Microsoft.AspNetCore",
        "System.Net.Http.HttpClient",
        "Microsoft.Extensions.Http",
    ];

    public static ILoggingBuilder AddBackSignalFilters(this ILoggingBuilder logging)
    {
        foreach (var category in UrlWritingCategories)
            logging.AddFilter(category, LogLevel.Warning);
        return logging;
    }
}
