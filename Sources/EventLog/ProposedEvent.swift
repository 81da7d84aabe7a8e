/// An event offered to the log, before it has a position: what the caller knows.
///
/// The store adds the sequence number, stream version, `recordedAt` (unless a migration gives
/// the event its own) and hash when it appends the event (see ``RecordedEvent``).
public struct ProposedEvent: Hashable, Sendable {
    /// The stream the event belongs to.
    public var stream: StreamName
    /// The event type, e.g. `ReviewHeld`.
    public var type: String
    /// The version of the payload's schema for this type.
    public var schemaVersion: UInt16
    /// When it happened in the care world (valid time), supplied by the caller.
    public var occurredAt: Timestamp
    /// Who recorded it: a staff or system identifier, never a person's name.
    public var actor: String
    // The two ids are declared in the other order than the public initializer takes them, so
    // that the memberwise initializer (which builds an event without copying it) has another
    // signature than the public one.
    /// The event or request that caused this one.
    public var causationID: String?
    /// Groups events that belong to one piece of work (e.g. one import).
    public var correlationID: String?
    /// The payload as UTF-8 JSON bytes.
    public var payload: [UInt8]
    /// For migration only: the instant the older system learned of this event. The store keeps
    /// it as the event's `recordedAt` and refuses one earlier than the event before it; `nil`
    /// (the normal case) takes the batch's time of recording.
    public var recordedAt: Timestamp?

}

// The initializer is in an extension and delegates to the memberwise one: an initializer written
// in the type's body that assigns each property built the event and then copied it (a retain and
// a release of each of its strings and its payload).
extension ProposedEvent {
    /// Creates a proposed event.
    public init(
        stream: StreamName, type: String, schemaVersion: UInt16 = 1, occurredAt: Timestamp,
        actor: String, correlationID: String? = nil, causationID: String? = nil, payload: [UInt8],
        recordedAt: Timestamp? = nil
    ) {
        self.init(
            stream: stream, type: type, schemaVersion: schemaVersion, occurredAt: occurredAt, actor: actor,
            causationID: causationID, correlationID: correlationID, payload: payload, recordedAt: recordedAt)
    }
}

extension [ProposedEvent] {
    /// Appends the event made of these parts, moved in: built in place, never copied (the
    /// import planner moves each line's stream, actor and payload in here).
    package mutating func appendEvent(
        stream: consuming StreamName, type: String, schemaVersion: UInt16, occurredAt: Timestamp,
        actor: consuming String, correlationID: consuming String?, causationID: consuming String?,
        payload: consuming [UInt8], recordedAt: Timestamp?
    ) {
        append(
            ProposedEvent(
                stream: stream, type: type, schemaVersion: schemaVersion, occurredAt: occurredAt, actor: actor,
                causationID: causationID, correlationID: correlationID, payload: payload, recordedAt: recordedAt))
    }
}
