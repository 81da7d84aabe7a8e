import CareRecord
import EventLog

/// Folds incidents, notifications and follow-ups into a ``NotificationLedger``.
public struct NotificationExtractProjection: CareProjection {
    /// The events read.
    public static let eventTypes: Set<String> = [
        IncidentRecorded.eventType, NotificationSubmitted.eventType, NotificationFollowedUp.eventType,
    ]

    private var ledger = NotificationLedger()

    /// An empty fold.
    public init(context: ProjectionContext) {}

    /// Folds one event.
    public mutating func apply(_ event: CareEvent, recorded: RecordedEvent) {
        ledger.apply(event, streamId: String(recorded.stream.id), sequence: recorded.sequence)
    }

    /// The ledger at the cut.
    public func output() -> NotificationLedger { ledger }
}
