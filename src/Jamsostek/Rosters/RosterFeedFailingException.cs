namespace Jamsostek.Rosters;

/// <summary>
/// A desa whose pull has failed for a passing reason for longer than Rosters:FeedFailingAlertAfter: the hourly job fails
/// with it, once a day, so the admins' alert email tells someone. Not retried: a failure that has lasted a day is for a
/// person to look at. The message names feeds, desa codes and times, never a resident.
/// </summary>
public sealed class RosterFeedFailingException(string message) : Exception(message);
