import CareRecord
import EventLog

/// A view rebuilt from the log: a pure fold over care events.
///
/// No clock, I/O or randomness inside: the same events and context always give the same
/// output. ``ProjectionRunner`` reads only ``eventTypes`` (through the log's type index),
/// resolves corrections, and calls ``apply(_:recorded:)`` in log order.
public protocol CareProjection {
    /// What the projection produces.
    associatedtype Output: Sendable

    /// The event types the projection reads.
    static var eventTypes: Set<String> { get }

    /// An empty projection for a report context.
    init(context: ProjectionContext)

    /// Folds one event; `event` is the payload after corrections, `recorded` its envelope (whose
    /// `payload` bytes may be empty: the runner reading a store in place hands folds the decoded
    /// `event` only).
    mutating func apply(_ event: CareEvent, recorded: RecordedEvent)

    /// The view after the last event.
    func output() -> Output
}
