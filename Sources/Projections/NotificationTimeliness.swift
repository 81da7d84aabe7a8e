/// Whether a notification met its deadline.
public enum NotificationTimeliness: Hashable, Sendable {
    /// Submitted at or before the deadline (the deadline instant itself is on time).
    case onTime
    /// Submitted after the deadline, by this many milliseconds.
    case late(byMilliseconds: Int64)

    /// The documented code for JSON and CSV: `onTime` or `late`.
    public var code: String {
        switch self {
        case .onTime: return "onTime"
        case .late: return "late"
        }
    }

    /// Minutes late, rounded up (nil when on time).
    public var lateByMinutes: Int64? {
        switch self {
        case .onTime: return nil
        case .late(let ms): return (ms + 59_999) / 60_000
        }
    }

    /// `on time`, or `late by 1d 2h 3m` (rounded up to the minute, so a late one never reads 0m).
    public var label: String {
        switch self {
        case .onTime: return "on time"
        case .late(let ms): return "late by " + NotificationTimeliness.duration(milliseconds: ms)
        }
    }

    /// A duration as `Nd Nh Nm`, rounded up to the whole minute.
    public static func duration(milliseconds: Int64) -> String {
        let minutes = (milliseconds + 59_999) / 60_000
        let days = minutes / 1440
        let hours = (minutes % 1440) / 60
        let mins = minutes % 60
        return days > 0 ? "\(days)d \(hours)h \(mins)m" : "\(hours)h \(mins)m"
    }
}
