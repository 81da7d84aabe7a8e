import CareRecord
import EventLog

/// One event as compliance's reader (``ComplianceReader``) hands it to the fold: the events that
/// make up most of a log — visits scheduled, checked in and out, MAR entries — as only the fields
/// ``Compliance`` reads of them (no `CareEvent`, no envelope), any other event whole.
struct ComplianceRecord {
    /// What the fold reads of the event.
    enum Payload {
        /// A `VisitScheduled`.
        case visitScheduled(
            plannedStart: Timestamp, personId: String, team: String?, carersNeeded: Int, timeCritical: Bool)
        /// A `VisitCheckedIn`.
        case visitCheckedIn(at: Timestamp, method: CheckMethod)
        /// A `VisitCheckedOut`.
        case visitCheckedOut(at: Timestamp, method: CheckMethod)
        /// A `MedicationRecorded`.
        case medicationRecorded(scheduledFor: Timestamp, outcome: MedicationOutcome)
        /// Any other event (or one of the above the reader left to the codec), decoded whole.
        case event(Decoded)
        /// An event of a type compliance does not read (handed on by a store's unfiltered read).
        case skipped
    }

    /// An event decoded whole, with its envelope (boxed: a record stays a few words long).
    final class Decoded {
        let event: CareEvent
        let recorded: RecordedEvent

        init(event: CareEvent, recorded: RecordedEvent) {
            self.event = event
            self.recorded = recorded
        }
    }

    /// The event's log position.
    let sequence: UInt64
    /// Its stream's id (the part after the slash); "" for ``Payload/event(_:)``, whose envelope
    /// holds the stream.
    let streamId: String
    /// What the fold reads.
    let payload: Payload
}
