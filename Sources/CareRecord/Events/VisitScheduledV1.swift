import EventLog

/// `VisitScheduled` as written by schema version 1 (the first CM2000 import, before
/// double-handed visits were modelled): one `durationMinutes` and an implied single carer.
///
/// Read-only: the codec upcasts it to the current ``VisitScheduled`` with
/// `plannedMinutes = durationMinutes` and `carersNeeded = 1`. Never written.
public struct VisitScheduledV1: Codable, Hashable, Sendable {
    /// The person visited.
    public var personId: String
    /// The planned start.
    public var plannedStart: Timestamp
    /// The planned length in minutes (renamed `plannedMinutes` in v2).
    public var durationMinutes: Int
    /// Whether the visit is time-critical.
    public var timeCritical: Bool

    /// Creates a v1 payload (tests and migrations).
    public init(personId: String, plannedStart: Timestamp, durationMinutes: Int, timeCritical: Bool) {
        self.personId = personId
        self.plannedStart = plannedStart
        self.durationMinutes = durationMinutes
        self.timeCritical = timeCritical
    }

    /// The same fact in the current schema (v2).
    public var upcast: VisitScheduled {
        VisitScheduled(
            personId: personId, plannedStart: plannedStart, plannedMinutes: durationMinutes, carersNeeded: 1,
            timeCritical: timeCritical)
    }
}
