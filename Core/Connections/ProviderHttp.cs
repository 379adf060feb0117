using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackSignal.Core.Connections;

/// <summary>
/// What the provider clients share: their JSON (snake_case, as both APIs write it), one request bounded in time
/// (an unanswered one is <see cref="ProviderProblem.Unavailable"/>, retried by the queue), and reading an answer
/// (an unreadable one is <see cref="ProviderProblem.Refused"/>).
/// </summary>
public static class ProviderHttp
{
    public static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client,
        HttpRequestMessage request,
        Provider provider,
        int timeoutSeconds,
        CancellationToken ct
    )
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            return await client.SendAsync(request, timeout.Token);
        }
        catch (Exception e)
            when (e is HttpRequestException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new ProviderException(
                provider,
                ProviderProblem.Unavailable,
                $"{provider.Display()} did not answer.",
                null
            );
        }
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, Provider provider, CancellationToken ct)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Wire, ct)
                ?? throw new JsonException("The answer was empty.");
        }
        catch (JsonException e)
        {
            throw new ProviderException(
                provider,
                ProviderProblem.Refused,
                $"{provider.Display()}'s answer could not be read: {e.Message}",
                null
            );
        }
    }

    /// <summary>The start of a refusal's body, for the reason recorded with the message.</summary>
    public static async Task<string> SnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length > 200 ? text[..200] : text;
    }
}
