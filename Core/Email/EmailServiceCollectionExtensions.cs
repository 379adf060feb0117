using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace BackSignal.Core.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// The SendGrid HttpClient: retries 429 (waiting what Retry-After says, capped) and 5xx with exponential
    /// backoff and jitter, each attempt and the whole send bounded in time. The SendGrid client itself retries
    /// neither 429 nor 5xx by default.
    /// </summary>
    public static IServiceCollection AddEmailSending(this IServiceCollection services)
    {
        services
            .AddHttpClient(EmailOptions.HttpClientName)
            .AddResilienceHandler(
                "sendgrid",
                static (pipeline, context) =>
                {
                    var options = context
                        .ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>()
                        .Value;
                    pipeline
                        .AddTimeout(options.TotalTimeout)
                        .AddRetry(
                            new HttpRetryStrategyOptions
                            {
                                MaxRetryAttempts = options.MaxRetryAttempts,
                                BackoffType = DelayBackoffType.Exponential,
                                UseJitter = true,
                                Delay = options.RetryBaseDelay,
                                MaxDelay = options.MaxRetryDelay,
                                ShouldRetryAfterHeader = true,
                                // Only what SendGrid certainly did not accept: a refusal (429, 5xx) or a request that
                                // never
                                // left. A POST that timed out after sending is not blindly sent again in the same
                                // attempt.
                                ShouldHandle = static args =>
                                    ValueTask.FromResult(
                                        (args.Outcome.Exception is HttpRequestException e && EmailSender.NotSent(e))
                                            || args.Outcome.Result?.StatusCode is HttpStatusCode.TooManyRequests
                                            || (int?)args.Outcome.Result?.StatusCode >= 500
                                    ),
                            }
                        )
                        .AddTimeout(options.AttemptTimeout);
                }
            );
        services.AddSingleton<EmailSender>();
        return services;
    }
}
