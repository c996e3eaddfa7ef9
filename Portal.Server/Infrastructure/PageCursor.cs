using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Portal.Shared.Resources;

namespace Portal.Server.Infrastructure;

/// <summary>
/// Where a keyset page ended, as a token opaque to the browser: the sort keys joined by '|' (the last may itself hold
/// one: a name), in URL-safe base64. Read back, a token that is not one of ours is a clear 400, never a 500.
/// </summary>
public static class PageCursor
{
    public static string Write(params object[] keys) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|', keys.Select(k => Convert.ToString(k, CultureInfo.InvariantCulture)))));

    /// <summary>The token's <paramref name="count"/> keys handed to <paramref name="parse"/>, or null for no token.</summary>
    public static T? Read<T>(string? text, int count, Func<string[], T> parse, string field) where T : class
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            var keys = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|', count);
            if (keys.Length != count) throw new FormatException();
            return parse(keys);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new DomainValidationException(field, SharedText.QueueCursorInvalid);
        }
    }
}
