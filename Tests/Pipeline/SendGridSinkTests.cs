using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BackSignal.DevHost;

namespace BackSignal.Tests.Pipeline;

public class SendGridSinkTests : IAsyncLifetime
{
    private readonly string _outbox = Path.Combine(
        Path.GetTempPath(),
        "backsignal-sink-" + Guid.NewGuid().ToString("N")
    );
    private SendGridSink _sink = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _sink = await SendGridSink.StartAsync(_outbox);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sink.DisposeAsync();
        Directory.Delete(_outbox, recursive: true);
    }

    private Task<HttpResponseMessage> PostAsync(string body, string? key = "k")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_sink.BaseAddress, "v3/mail/send"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return _http.SendAsync(request);
    }

    private const string Mail = """
        {"personalizations":[{"to":[{"email":"a@example.com"}]}],"from":{"email":"f@example.com"},"subject":"Hi",
         "content":[{"type":"text/plain","value":"plain"},{"type":"text/html","value":"<p>html</p>"}],
         "categories":["alert-overload"]}
        """;

    [Fact]
    public async Task Answers_401_without_a_bearer_key()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Mail, key: null)).StatusCode);
        Assert.Empty(_sink.Messages);
    }

    [Fact]
    public async Task Answers_400_on_malformed_json_or_a_mail_without_recipients()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("{ not json")).StatusCode);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await PostAsync(
                    """
                    {"personalizations":[],"from":{"email":"f@example.com"},"subject":"x",
                     "content":[{"type":"text/plain","value":"x"}]}
                    """
                )
            ).StatusCode
        );
        Assert.Empty(_sink.Messages);
    }

    [Fact]
    public async Task Accepts_a_mail_with_202_and_writes_it_to_the_outbox()
    {
        var response = await PostAsync(Mail);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(_sink.Messages);
        Assert.Equal(["a@example.com"], message.To);
        Assert.Equal("<p>html</p>", await File.ReadAllTextAsync(message.HtmlFile));
        Assert.True(File.Exists(Path.ChangeExtension(message.HtmlFile, ".json")));
    }
}
