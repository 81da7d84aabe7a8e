import CareCalendar
import EventLog

/// The payload of one care event type: a past-tense fact with a JSON form and a schema version.
public protocol CareEventPayload: Codable, Hashable, Sendable {
    /// The type string stored in the log, e.g. `VisitScheduled`.
    static var eventType: String { get }
    /// The current schema version written for this type.
    static var schemaVersion: UInt16 { get }
    /// The kind of stream the event belongs to; `nil` for corrections, which go in the stream of
    /// the entry they correct.
    static var streamKind: StreamKind? { get }
    /// Whether the event may be the first in its stream (e.g. `ServiceStarted`, `VisitScheduled`).
    /// Events that may not start a stream need the stream to exist already.
    static var startsStream: Bool { get }
    /// This payload wrapped in its ``CareEvent`` case.
    var careEvent: CareEvent { get }
    /// Checks plausible values and collects references to other streams.
    func check(_ checks: inout PayloadChecks)
}

extension CareEventPayload {
    /// Most events continue a stream that already exists.
    public static var startsStream: Bool { false }
    /// No value checks beyond decoding.
    public func check(_ checks: inout PayloadChecks) {}
}

/// Collects value problems and references while one payload is checked.
///
/// Payload types call the helpers in ``CareEventPayload/check(_:)``; the validator adds the
/// line number and event type, then resolves the references against a ``ReferenceLookup``.
public struct PayloadChecks: Sendable {
    /// A stream another stream's event refers to, with the field that names it.
    public struct StreamReference: Hashable, Sendable {
        /// The stream that must exist.
        public var stream: StreamName
        /// The field path that names it, e.g. `data.incidentId`.
        public var fieldPath: String
    }

    /// The stream the event is for.
    public let stream: StreamName
    /// The instant "now" for the future check; `nil` skips it.
    public let now: Timestamp?
    /// How far in the future an instant may lie (clock skew).
    public let allowedSkewMilliseconds: Int64
    /// Problems found, in order.
    public private(set) var problems: [CatalogueError] = []
    /// Streams that must exist.
    public private(set) var references: [StreamReference] = []

    /// Starts checking an event for `stream`.
    public init(stream: StreamName, now: Timestamp?, allowedSkewMilliseconds: Int64 = 5 * 60 * 1000) {
        self.stream = stream
        self.now = now
        self.allowedSkewMilliseconds = allowedSkewMilliseconds
    }

    /// The id part of the event's stream (e.g. the person id of `medication/P000123`).
    public var streamID: String { String(stream.id) }

    /// Records a problem with a field of `data`.
    public mutating func fail(_ field: String, _ kind: CatalogueError.Kind = .implausible, _ message: String) {
        problems.append(CatalogueError(fieldPath: "data." + field, kind: kind, message: message))
    }

    /// Records a problem with the line's stream name (not a field of `data`).
    public mutating func failStream(_ kind: CatalogueError.Kind, _ message: String) {
        problems.append(CatalogueError(fieldPath: "stream", kind: kind, message: message))
    }

    /// Fails unless `condition` holds.
    public mutating func require(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { fail(field, .implausible, message) }
    }

    /// A whole number that must not be negative.
    public mutating func nonNegative(_ value: Int, _ field: String) {
        require(value >= 0, field, "must not be negative")
    }

    /// A number that must not be negative.
    public mutating func nonNegative(_ value: Double, _ field: String) {
        require(value >= 0 && value.isFinite, field, "must be a finite number, not negative")
    }

    /// Text that must not be empty or only spaces.
    public mutating func nonEmpty(_ value: String, _ field: String) {
        require(value.contains { !$0.isWhitespace }, field, "must not be empty")
    }

    /// A list that must have at least one element.
    public mutating func nonEmpty<T>(_ value: [T], _ field: String) {
        require(!value.isEmpty, field, "must list at least one entry")
    }

    /// An instant that must not lie in the future beyond the allowed skew.
    public mutating func notInFuture(_ value: Timestamp, _ field: String) {
        guard let now else { return }
        if value.millisecondsSinceEpoch > now.millisecondsSinceEpoch + allowedSkewMilliseconds {
            fail(
                field, .inFuture,
                "lies in the future (more than 5 minutes after the time of recording); record facts once they have happened"
            )
        }
    }

    /// A calendar date that must not lie after today (UTC) — facts are recorded after they happen.
    public mutating func notInFuture(_ value: CareDate, _ field: String) {
        guard let now else { return }
        // A date is in the future when it starts after now in UK time (at most UTC+1) plus the skew.
        let todayPlusSkew = now.millisecondsSinceEpoch + allowedSkewMilliseconds + 3_600_000
        let startOfDay = Int64(value.daysSinceEpoch) * 86_400_000
        if startOfDay > todayPlusSkew {
            fail(field, .inFuture, "is a future date; record facts once they have happened")
        }
    }

    /// An identifier that must form a valid stream name of `kind`, and that stream must exist.
    public mutating func reference(_ kind: StreamKind, _ id: String, _ field: String) {
        guard let name = StreamName(kind: kind.rawValue, id: id) else {
            fail(
                field, .malformed,
                "must be an identifier of letters, digits and . _ : - (it names the stream \(kind.rawValue)/<id>)")
            return
        }
        // Room for a few at the first: growing from empty reallocates at the second and the third.
        if references.isEmpty { references.reserveCapacity(4) }
        references.append(StreamReference(stream: name, fieldPath: field == "stream" ? "stream" : "data." + field))
    }

    /// An identifier that must be usable in a stream name (letters, digits, `.`, `_`, `:`, `-`).
    public mutating func identifier(_ id: String, _ field: String) {
        if StreamName(kind: "x", id: id) == nil {
            fail(field, .malformed, "must be an identifier of 1–190 letters, digits and . _ : -")
        }
    }
}

extension PayloadChecks {
    /// Adds the problems and references of a nested payload, with `data.` paths moved under `field`.
    public mutating func absorb(_ inner: PayloadChecks, under field: String) {
        func moved(_ path: String) -> String {
            path.hasPrefix("data.") ? "data." + field + "." + path.dropFirst(5) : path
        }
        for var problem in inner.problems {
            problem.fieldPath = problem.fieldPath.map(moved)
            problems.append(problem)
        }
        for var reference in inner.references {
            reference.fieldPath = moved(reference.fieldPath)
            references.append(reference)
        }
    }
}
