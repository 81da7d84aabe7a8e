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

    /// What of each event ``apply(_:recorded:)`` looks at, so the runner can leave the rest
    /// undecoded (``EventReading``). Default: everything.
    static var reads: EventReading { get }

    /// An empty projection for a report context.
    init(context: ProjectionContext)

    /// Folds one event; `event` is the payload after corrections, `recorded` its envelope (whose
    /// `payload` bytes may be empty: the runner reading a store in place hands folds the decoded
    /// `event` only; and whose fields ``reads`` leaves out may be blank).
    mutating func apply(_ event: CareEvent, recorded: RecordedEvent)

    /// The view after the last event.
    func output() -> Output
}

extension CareProjection {
    /// Every field of every event.
    public static var reads: EventReading { .everything }
}

/// What of each event a fold looks at (``CareProjection/reads``): the runner reading a store in
/// place decodes only that much. Whatever is left out is blank in what the fold is handed, so a
/// fold must name every field it reads; `LeanFoldTests` compares such folds with the same folds
/// handed whole events.
public struct EventReading: Sendable, Hashable {
    /// The payload fields read (text under other keys is left as "" or `[]`).
    public var payload: PayloadReading
    /// Whether the fold reads the envelope's actor, correlation, causation and idempotency ids
    /// or hash; when false they are blank (position, stream, type, schema version and both
    /// instants are always filled in).
    public var wholeEnvelope: Bool

    /// A reading of `payload` and, if `wholeEnvelope`, the whole envelope.
    public init(payload: PayloadReading, wholeEnvelope: Bool) {
        self.payload = payload
        self.wholeEnvelope = wholeEnvelope
    }

    /// Every field of every event.
    public static let everything = EventReading(payload: .everything, wholeEnvelope: true)
}
