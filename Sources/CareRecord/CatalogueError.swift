/// Why an event (or an NDJSON line) was rejected.
///
/// Names the line (for imports), the event type, the field path (e.g. `data.plannedMinutes`)
/// and what to do. Messages never contain payload values that may be personal data (names,
/// free text); identifiers such as stream names, sequence numbers and event types are allowed.
public struct CatalogueError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The category of problem, for programs that react to it (and tests).
    public enum Kind: String, Hashable, Sendable, Codable {
        /// The line is not a JSON object, or a value has the wrong JSON type.
        case malformed
        /// A required field is absent (or `null`).
        case missingField
        /// A field holds a value of the wrong JSON type.
        case wrongType
        /// An enum field holds a value outside its vocabulary.
        case unknownValue
        /// A calendar date is not `YYYY-MM-DD` or does not exist (2021-02-30).
        case invalidDate
        /// An instant is not ISO 8601 with a time zone.
        case invalidInstant
        /// The value is well formed but impossible (negative minutes, end before start, grade 7…).
        case implausible
        /// An instant lies in the future beyond the allowed clock skew.
        case inFuture
        /// The event type is not in the catalogue.
        case unknownEventType
        /// The schema version is not one this build reads.
        case unsupportedSchemaVersion
        /// The stream name is malformed or of the wrong kind for the event type.
        case wrongStream
        /// A referenced stream or entry does not exist (yet).
        case missingReference
        /// The envelope's expected version or other options are not usable.
        case invalidOption
        /// The store could not be asked about a reference.
        case storeUnavailable
    }

    /// The 1-based line number in an NDJSON input, when the event came from one.
    public var line: Int?
    /// The event type, when known (e.g. `VisitCheckedIn`).
    public var eventType: String?
    /// Where the problem is, e.g. `data.plannedMinutes`, `stream`, `occurredAt`; `nil` for the whole line.
    public var fieldPath: String?
    /// The category of problem.
    public var kind: Kind
    /// What is wrong and how to fix it; never contains personal data.
    public var message: String

    /// Creates an error.
    public init(line: Int? = nil, eventType: String? = nil, fieldPath: String? = nil, kind: Kind, message: String) {
        self.line = line
        self.eventType = eventType
        self.fieldPath = fieldPath
        self.kind = kind
        self.message = message
    }

    /// The same error placed on a line of input.
    public func at(line: Int) -> CatalogueError {
        var copy = self
        copy.line = line
        return copy
    }

    /// One line: `line 9: VisitCheckedIn data.checkedInAt: must be an ISO 8601 instant with a time zone`.
    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line):") }
        if let eventType { parts.append(eventType) }
        if let fieldPath { parts.append(fieldPath + ":") } else if eventType != nil { parts[parts.count - 1] += ":" }
        parts.append(message)
        return parts.joined(separator: " ")
    }
}

/// The name used in documentation and messages for ``CatalogueError``.
public typealias ValidationError = CatalogueError
