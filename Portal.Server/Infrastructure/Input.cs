namespace Portal.Server.Infrastructure;

/// <summary>What people type, as it is kept.</summary>
public static class Input
{
    /// <summary>Trimmed, and null when nothing but spaces was typed: an empty answer is no answer.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
