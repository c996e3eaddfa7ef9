namespace Portal.Client;

/// <summary>Marker for the UI text in Resources/Strings.resx (English) and Strings.zh-Hans.resx.</summary>
public sealed class Strings;
