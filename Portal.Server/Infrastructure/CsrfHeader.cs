namespace Portal.Server.Infrastructure;

/// <summary>
/// The API is called with the sign-in cookie, so a changing request must prove it came from our own
/// script: browsers only let a cross-site page set a custom header after a CORS preflight we never grant.
/// </summary>
public static class CsrfHeader
{
    public const string Name = "X-Portal-Csrf";

    public static RouteGroupBuilder RequireCsrfHeader(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !request.Headers.ContainsKey(Name))
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing request header.",
                    detail: $"Send the {Name} header with every changing request.");
            return await next(context);
        });
}
