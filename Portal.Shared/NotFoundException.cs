namespace Portal.Shared;

/// <summary>
/// What was asked for does not exist or is not the caller's (one answer for both, so nothing leaks). Services throw it;
/// the API answers 404, and a page rendered on the server shows the not-found page (<c>PageErrors.IsNotFound</c>).
/// </summary>
public sealed class NotFoundException(string message) : Exception(message);
