using Portal.Server.Data;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Messages;

namespace Portal.Server.Features.Messages;

/// <summary>
/// How any feature tells a person something is new: the notification joins the caller's pending changes, so it is
/// saved with what it announces, or not at all.
/// </summary>
public sealed class Notifier(PortalDbContext db)
{
    public void Notify(string userId, NotificationKind kind, string link, DateTimeOffset at, bool email,
        string? reference = null, ApplicationState? state = null) =>
        db.Add(Notification.For(userId, kind, link, at, email, reference, state));
}
