import CareCalendar
import EventLog

extension KnownAt {
    /// A point in the log written as `--known-at` (and the service's `knownAt`) takes it: a whole
    /// number is a sequence number; an ISO 8601 instant means "recorded at or before it"; a date
    /// `YYYY-MM-DD` means "recorded by the end of that day" (UK time); `head` is everything.
    /// Nil when the text is none of these.
    package init?(text: String) {
        if text == "head" {
            self = .head
        } else if let sequence = UInt64(text) {
            self = .sequence(sequence)
        } else if let instant = Timestamp(iso8601: text) {
            self = .recordedAt(instant)
        } else if let date = CareDate(iso8601: text) {
            self = .recordedAt(Timestamp(millisecondsSinceEpoch: UKTime.startOfDay(date.adding(days: 1)) - 1))
        } else {
            return nil
        }
    }
}
