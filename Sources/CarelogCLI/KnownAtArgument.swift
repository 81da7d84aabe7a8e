import ArgumentParser
import CareCalendar
import CarelogOperations
import EventLog

/// `--known-at SEQ|TIMESTAMP`: a point in the log. A whole number is a sequence number; an
/// ISO 8601 instant means "recorded at or before it"; a date `YYYY-MM-DD` means "recorded by
/// the end of that day" (UK time); `head` is everything (``EventLog/KnownAt/init(text:)``).
package struct KnownAtArgument: ExpressibleByArgument, Sendable, Hashable {
    /// The point in the log.
    package var knownAt: KnownAt

    package init?(argument: String) {
        guard let knownAt = KnownAt(text: argument) else { return nil }
        self.knownAt = knownAt
    }

    package static var defaultCompletionKind: CompletionKind { .default }
}
