using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Portal.Server.Infrastructure;

/// <summary>The one place where exceptions become ProblemDetails; unexpected ones say nothing of the inside.</summary>
public sealed class ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    /// <summary>
    /// The database is down or restarting (a connection refused or cut): the request changed nothing — its transaction
    /// never committed — so it is a 503 to try again, not a fault of ours to investigate.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException { IsTransient: true }) return true;
        return false;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // Pages get the friendly error page; only the API speaks ProblemDetails. (Request.Path has
        // already been rewritten to the error page here; the feature keeps the original.)
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path;
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)) return false;

        var (status, title, detail) = exception switch
        {
            DomainValidationException => (StatusCodes.Status400BadRequest, "Some of the information is not valid.", exception.Message),
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read.", "Check the values you sent and try again."),
            ForbiddenException => (StatusCodes.Status403Forbidden, "Not allowed.", exception.Message),
            NotFoundException => (StatusCodes.Status404NotFound, "Not found.", exception.Message),
            ConflictException => (StatusCodes.Status409Conflict, "Changed by someone else.", exception.Message),
            UnavailableException => (StatusCodes.Status503ServiceUnavailable, "Briefly unavailable.", exception.Message),
            _ when IsDatabaseUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "Briefly unavailable.",
                "We could not reach our records just now, and nothing was changed. Please try again in a moment."),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong on our side.", "Please try again; if it keeps happening, contact us with the reference below."),
        };
        if (status == StatusCodes.Status500InternalServerError)
            log.LogError(exception, "Unhandled error {TraceId}", context.TraceIdentifier);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // (Whoever throws an UnavailableException has logged what it could not reach.)
            if (exception is not UnavailableException)
                log.LogWarning("The database could not be reached for {TraceId}: {Reason}", context.TraceIdentifier, exception.GetBaseException().Message);
            context.Response.Headers.RetryAfter = "5";
        }

        var problem = exception is DomainValidationException v
            ? new ValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value)) { Title = title, Detail = detail }
            : new ProblemDetails { Title = title, Detail = detail };
        problem.Status = status;
        problem.Extensions["traceId"] = context.TraceIdentifier;
        context.Response.StatusCode = status;
        await TypedResults.Problem(problem).ExecuteAsync(context);
        return true;
    }
}
