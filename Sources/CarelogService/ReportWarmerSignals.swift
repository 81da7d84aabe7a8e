import Synchronization

/// The followed events not yet warmed for: when the first and the last arrived, whether any was
/// urgent, and the latest sequence.
final class ReportWarmerSignals: Sendable {
    private struct State {
        var first: ContinuousClock.Instant?
        var last: ContinuousClock.Instant?
        var urgent = false
        var latest: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Notes a followed event.
    func note(sequence: UInt64, urgent: Bool, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            if state.first == nil { state.first = instant }
            state.last = instant
            state.urgent = state.urgent || urgent
            state.latest = max(state.latest, sequence)
        }
    }

    /// Whether a pass is due: events are pending, none has arrived for `quiet` (or the first came
    /// `longest` ago), and one is urgent or the latest is `minimumAdvance` past `since`. Pending
    /// events are taken either way once the debounce is over (a later event re-arms it).
    func takeDue(
        now: ContinuousClock.Instant, quiet: Duration, longest: Duration, since: UInt64, minimumAdvance: UInt64
    ) -> Bool {
        state.withLock { state in
            guard let first = state.first, let last = state.last else { return false }
            guard now - last >= quiet || now - first >= longest else { return false }
            let due = state.urgent || state.latest >= since + minimumAdvance
            state.first = nil
            state.last = nil
            state.urgent = false
            return due
        }
    }
}
