using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace BackSignal.Core.Email;

/// <summary>
/// HTML that escapes by default: markup exists only as the literal parts of an interpolated template
/// (<c>Html.Of($"&lt;p&gt;{name}&lt;/p&gt;")</c>), every hole is encoded unless it is itself <see cref="Html"/>, and
/// there is no conversion from a string. A forgotten call can no longer inject: the text goes in escaped.
/// </summary>
public readonly struct Html : IEquatable<Html>
{
    private readonly string? _markup;

    private Html(string markup) => _markup = markup;

    public static Html Empty => default;

    public bool IsEmpty => string.IsNullOrEmpty(_markup);

    /// <summary>A template: its literal parts are markup, its holes are encoded text or nested HTML.</summary>
    public static Html Of(HtmlTemplate template) => new(template.ToStringAndClear());

    /// <summary>Text shown as it is, encoded.</summary>
    public static Html Text(string? text) => new(WebUtility.HtmlEncode(text ?? ""));

    /// <summary>
    /// Markup the code holds as a constant (a style sheet): never a value that came from a person or a file.
    /// </summary>
    public static Html Constant(string markup) => new(markup);

    /// <summary>What a <see cref="HtmlWriter"/> put together from templates.</summary>
    internal static Html Assembled(string markup) => new(markup);

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p._markup)));

    public static Html operator +(Html a, Html b) => new(a._markup + b._markup);

    public override string ToString() => _markup ?? "";

    public bool Equals(Html other) => ToString() == other.ToString();

    public override bool Equals(object? obj) => obj is Html other && Equals(other);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(Html a, Html b) => a.Equals(b);

    public static bool operator !=(Html a, Html b) => !a.Equals(b);
}

/// <summary>
/// The interpolated string handler behind <see cref="Html.Of"/> and <see cref="HtmlWriter.Add(HtmlTemplate)"/>:
/// literal parts are written as they are, every hole is encoded (numbers and dates formatted in the current
/// culture first), nested <see cref="Html"/> is written as it is.
/// </summary>
[InterpolatedStringHandler]
public ref struct HtmlTemplate
{
    private DefaultInterpolatedStringHandler _inner;

    public HtmlTemplate(int literalLength, int formattedCount) =>
        _inner = new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.CurrentCulture);

    public void AppendLiteral(string markup) => _inner.AppendLiteral(markup);

    public void AppendFormatted(Html html) => _inner.AppendLiteral(html.ToString());

    public void AppendFormatted(IEnumerable<Html> parts)
    {
        foreach (var part in parts)
            _inner.AppendLiteral(part.ToString());
    }

    public void AppendFormatted(string? text) => _inner.AppendLiteral(WebUtility.HtmlEncode(text ?? ""));

    public void AppendFormatted<T>(T value, string? format = null) =>
        AppendFormatted(
            value is IFormattable formattable
                ? formattable.ToString(format, CultureInfo.CurrentCulture)
                : value?.ToString()
        );

    internal string ToStringAndClear() => _inner.ToStringAndClear();
}

/// <summary>A page or an email built piece by piece, each piece a template (or HTML already built).</summary>
public sealed class HtmlWriter
{
    private readonly StringBuilder _markup = new();

    public HtmlWriter Add(HtmlTemplate template)
    {
        _markup.Append(template.ToStringAndClear());
        return this;
    }

    public HtmlWriter Add(Html html)
    {
        _markup.Append(html.ToString());
        return this;
    }

    public Html ToHtml() => Html.Assembled(_markup.ToString());
}
