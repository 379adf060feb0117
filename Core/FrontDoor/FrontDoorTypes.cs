namespace BackSignal.Core.FrontDoor;

/// <summary>
/// An HTTP request as the front door's handlers see it, whichever host received it (the Functions app or
/// `backsignal run`): no framework type crosses into Core.
/// </summary>
public sealed record FrontDoorRequest(string Method, string Path)
{
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Headers { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The raw body, for routes that stream it (uploads).</summary>
    public Stream Body { get; init; } = Stream.Null;

    /// <summary>The fields of a multipart/form-data body, for routes that take a form.</summary>
    public IReadOnlyDictionary<string, string> Form { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<FormFile> Files { get; init; } = [];

    /// <summary>Why the form could not be read (over the size limit, malformed), when it could not.</summary>
    public string? FormError { get; init; }

    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) ? v : null;

    public string? FormValue(string name) => Form.TryGetValue(name, out var v) ? v : null;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>What serves a route: reads the request, returns the whole response.</summary>
public interface IFrontDoorHandler
{
    Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct);
}

/// <summary>A file of a multipart form: its field name (attachment1…), the name it was sent with, its bytes.</summary>
public sealed record FormFile(string Field, string FileName, long Length, Func<Stream> Open);

/// <summary>What the front door answers: a status, a content type and a body (text, HTML or JSON).</summary>
public sealed record FrontDoorResponse(int Status, string ContentType, string Body)
{
    /// <summary>A download written straight to the response instead of <see cref="Body"/> (a zip of one's data).
    /// </summary>
    public Func<Stream, CancellationToken, Task>? Download { get; init; }

    /// <summary>The file name a download is saved under.</summary>
    public string? DownloadName { get; init; }

    /// <summary>Where a redirect (302, 303) sends the browser: only addresses the handler built itself.</summary>
    public Uri? Location { get; init; }

    /// <summary>The language of a page (the Content-Language header), as its <c>&lt;html lang&gt;</c> says.</summary>
    public string? ContentLanguage { get; init; }

    public static FrontDoorResponse Redirect(Uri location) =>
        new(302, "text/plain; charset=utf-8", "") { Location = location };

    public static FrontDoorResponse Text(int status, string text) => new(status, "text/plain; charset=utf-8", text);

    public static FrontDoorResponse Json(int status, string json) => new(status, "application/json", json);
}
