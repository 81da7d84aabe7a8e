import ArgumentParser
import CareCalendar
import CarelogOperations
import EventLog

/// `--known-at SEQ|TIMESTAMP`: a point in the log. A whole number is a sequence number; an
/// ISO 8601 instant means "recorded at or before it"; a date `YYYY-MM-DD` means "recorded by
/// the end of that day" (UK time); `head` is everything.
package struct KnownAtArgument: ExpressibleByArgument, Sendable, Hashable {
    /// The point in the log.
    package var knownAt: KnownAt

    package init?(argument: String) {
        if argument == "head" {
            knownAt = .head
        } else if let sequence = UInt64(argument) {
            knownAt = .sequence(sequence)
        } else if let instant = Timestamp(iso8601: argument) {
            knownAt = .recordedAt(instant)
        } else if let date = CareDate(iso8601: argument) {
            knownAt = .recordedAt(Timestamp(millisecondsSinceEpoch: UKTime.startOfDay(date.adding(days: 1)) - 1))
        } else {
            return nil
        }
    }

    package static var defaultCompletionKind: CompletionKind { .default }
}
