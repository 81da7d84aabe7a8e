/// Why a UK local time could not be turned into an instant.
public enum UKTimeError: Error, Equatable, Sendable {
    /// The time of day is outside 00:00:00–23:59:59 (hour 0–23, minute 0–59, second 0–59).
    case invalidTimeOfDay(hour: Int, minute: Int, second: Int)
}
