import CareCalendar
import Synchronization

/// What the ``ReportWarmer`` is doing, for `/ready` and the tests: `/ready` reports it and never
/// waits for it.
package final class ReportWarmerStatus: Sendable {
    /// The warmer's state.
    package enum State: String, Sendable {
        /// A pass is running, or the first has not finished.
        case warming
        /// The last pass has finished; the saved states are at or after its position.
        case warm
    }

    /// A snapshot.
    package struct Snapshot: Hashable, Sendable {
        /// The state.
        package var state: State = .warming
        /// Passes finished (each brings every dashboard's saved states up to date once).
        package var passes = 0
        /// The log position the last finished pass read (its head at the start).
        package var sequence: UInt64?
        /// The reporting dates the last finished pass warmed.
        package var reportingDates: [CareDate] = []
        /// Reports the last finished pass could not build (a RAG table with no programme in the
        /// log, say): each user request for them fails the same way.
        package var failures = 0
    }

    private let current = Mutex(Snapshot())

    package init() {}

    /// The state now.
    package var snapshot: Snapshot { current.withLock { $0 } }

    func began() { current.withLock { $0.state = .warming } }

    func finished(sequence: UInt64?, reportingDates: [CareDate], failures: Int) {
        current.withLock {
            $0.state = .warm
            $0.passes += 1
            $0.sequence = sequence
            $0.reportingDates = reportingDates
            $0.failures = failures
        }
    }
}
