using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackSignal.Core.Model;

/// <summary>The one JSON shape of messages and stored documents: camelCase, nulls left out, enums as strings.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        AllowTrailingCommas = false,
        MaxDepth = 16,
        // A polymorphic message's kind may come after other fields (hand-written or older messages).
        AllowOutOfOrderMetadataProperties = true,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string text) => JsonSerializer.Deserialize<T>(text, Options);

    /// <summary>
    /// Reads one document; malformed JSON or a null document gives an error naming where the JSON breaks
    /// (<paramref name="explain"/> may say it in the domain's words).
    /// </summary>
    public static (T? Value, string? Error) TryRead<T>(string text, Func<JsonException, string?>? explain = null)
        where T : class
    {
        try
        {
            return Deserialize<T>(text) is { } value ? (value, null) : (null, "The document is empty (JSON null).");
        }
        catch (NotSupportedException e) when (typeof(T).IsAbstract)
        {
            // A polymorphic message without a kind, or with one nobody knows.
            return (null, $"Not a known kind of message: {e.Message}");
        }
        catch (JsonException e)
        {
            var where = $"{e.Path ?? "$"} (line {e.LineNumber + 1}, position {e.BytePositionInLine})";
            return (null, $"Invalid JSON at {where}: {explain?.Invoke(e) ?? e.Message}");
        }
    }
}
