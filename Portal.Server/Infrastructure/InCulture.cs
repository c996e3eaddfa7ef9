using System.Globalization;

namespace Portal.Server.Infrastructure;

/// <summary>Text written for someone else (an email, a message) in their language, whatever the request's is.</summary>
public static class InCulture
{
    public static T Run<T>(string culture, Func<T> write)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            return write();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
