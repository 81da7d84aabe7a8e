import EventLog
import Foundation

/// One event as written in newline-delimited JSON (what `carelog import` and `carelog append`
/// accept), parsed and decoded:
///
/// ```json
/// {"stream": "visit/V000001", "type": "VisitCheckedIn", "occurredAt": "2020-01-06T09:02:00Z",
///  "actor": "staff/S0042", "data": {"checkedInAt": "2020-01-06T09:02:00Z", "staffId": "S0042",
///  "method": "electronic"}, "expectedVersion": 1}
/// ```
///
/// Required: `stream`, `type`, `occurredAt`, `actor`, `data`. Optional: `schemaVersion` (default:
/// the type's current version; older versions are upcast), `expectedVersion` (a number, `"noStream"`
/// or `"any"`), `idempotencyKey`, `correlationId`, `causationId`, `recordedAt` (used only for
/// migration). Any other key is rejected, so a misspelt option is never silently ignored.
public struct EventLine: Hashable, Sendable {
    /// The 1-based line number in the input (1 for a single event).
    public var line: Int
    /// The stream the event is appended to.
    public var stream: StreamName {
        didSet { preparedChecks = nil }
    }
    /// The decoded payload, upcast to the current schema version.
    public var event: CareEvent {
        didSet {
            canonicalPayload = nil
            preparedFactKey = nil
            preparedChecks = nil
        }
    }
    /// `event` encoded at the current schema version, kept from parsing (not part of equality).
    private var canonicalPayload: [UInt8]?
    /// The fact's identity (``FactIdentity/key(type:occurredAt:canonicalPayload:)``), kept from
    /// ``prepare()`` (not part of equality).
    private var preparedFactKey: FactKey?
    /// What the validator's checks that need only the line found, kept from
    /// ``prepare(checkingWith:)`` (not part of equality).
    private(set) var preparedChecks: LineChecks?
    /// The schema version the input was written at (before upcasting).
    public var inputSchemaVersion: UInt16
    /// When it happened in the care world.
    public var occurredAt: Timestamp {
        didSet {
            preparedFactKey = nil
            preparedChecks = nil
        }
    }
    /// Who recorded it: `<kind>/<id>`, e.g. `staff/S0042` or `system/cm2000`; never a name.
    public var actor: String
    /// The stream version the writer expects before this event, if given.
    public var expectedVersion: ExpectedVersion?
    /// The writer's idempotency key, if given.
    public var idempotencyKey: String?
    /// Groups events of one piece of work.
    public var correlationID: String?
    /// The event or request that caused this one.
    public var causationID: String?
    /// For migration only: when the older system learned of it.
    public var recordedAt: Timestamp? {
        didSet { preparedChecks = nil }
    }

    /// The event type, e.g. `VisitCheckedIn`.
    public var type: String { event.type }

    /// The event as proposed to the log, encoded at the current schema version.
    public var proposedEvent: ProposedEvent {
        ProposedEvent(
            stream: stream, type: event.type, schemaVersion: event.schemaVersion, occurredAt: occurredAt, actor: actor,
            correlationID: correlationID, causationID: causationID,
            payload: canonicalData)
    }

    /// Appends ``proposedEvent`` (with `recordedAt`, for a migration) to `events`, its stream,
    /// actor, ids and canonical payload moved out of the line instead of copied (a copy retains
    /// each, and the line's end releases them again): for the last use of a line its owner is
    /// done with. The line keeps its number, event, instants and expectation; its stream becomes
    /// a placeholder, its actor empty and its ids `nil`.
    package mutating func moveProposedEvent(recordedAt: Timestamp?, into events: inout [ProposedEvent]) {
        let payload = canonicalPayload.take() ?? event.canonicalPayload
        var movedStream = Self.movedStream
        swap(&stream, &movedStream)
        var movedActor = ""
        swap(&actor, &movedActor)
        events.appendEvent(
            stream: movedStream, type: event.type, schemaVersion: event.schemaVersion, occurredAt: occurredAt,
            actor: movedActor, correlationID: correlationID.take(), causationID: causationID.take(),
            payload: payload, recordedAt: recordedAt)
    }

    /// What a line's stream is once ``moveProposedEvent(recordedAt:into:)`` moved it out (short enough to be held
    /// inline: no allocation, no reference count).
    private static let movedStream: StreamName = {
        guard let name = StreamName("moved/out") else { preconditionFailure("the placeholder stream name is valid") }
        return name
    }()

    /// The canonical payload, as ``proposedEvent`` carries it.
    public var canonicalData: [UInt8] { canonicalPayload ?? event.canonicalPayload }

    /// The fact's identity key (``FactIdentity``): kept from ``prepare()``, else computed.
    public var factKey: FactKey {
        preparedFactKey
            ?? FactIdentity.key(type: type, occurredAt: occurredAt, canonicalPayload: canonicalData)
    }

    /// Encodes the canonical payload and computes the fact key now, so that the work that needs
    /// nothing but the line itself is done where the line is parsed (on the parsing thread of an
    /// import), not on the thread that checks it against the log. Changing `event` or
    /// `occurredAt` afterwards drops both; the values are the same either way.
    public mutating func prepare() {
        let payload = canonicalData
        canonicalPayload = payload
        preparedFactKey = FactIdentity.key(type: type, occurredAt: occurredAt, canonicalPayload: payload)
    }

    /// ``prepare()``, and the checks of `validator` that need nothing but the line (stream kind,
    /// instants, values; the streams it refers to), so that the thread checking the line against
    /// the log only looks those streams up. Changing the line's stream, event or instants
    /// afterwards drops them; a validator with another `now` computes them again.
    public mutating func prepare(checkingWith validator: EventValidator) {
        prepare()
        preparedChecks = validator.lineChecks(self)
    }

    public static func == (a: EventLine, b: EventLine) -> Bool {
        a.line == b.line && a.stream == b.stream && a.event == b.event && a.inputSchemaVersion == b.inputSchemaVersion
            && a.occurredAt == b.occurredAt && a.actor == b.actor && a.expectedVersion == b.expectedVersion
            && a.idempotencyKey == b.idempotencyKey && a.correlationID == b.correlationID
            && a.causationID == b.causationID && a.recordedAt == b.recordedAt
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(line)
        hasher.combine(stream)
        hasher.combine(event)
        hasher.combine(occurredAt)
        hasher.combine(actor)
    }

    /// Parses one NDJSON line.
    ///
    /// - Throws: ``CatalogueError`` with `line`, the event type when known and the field path.
    /// The plain lines of the hot event types take a one-pass byte parser (``parseFast(_:line:)``);
    /// every other line, and every line it refuses, is decoded with `JSONDecoder` after the
    /// structure checks, so values and error messages are the same either way.
    public static func parse(_ bytes: some Collection<UInt8>, line: Int) throws(CatalogueError) -> EventLine {
        if let parsed = bytes.withContiguousStorageIfAvailable({ parseFast(UnsafeRawBufferPointer($0), line: line) }),
            let parsed
        {
            return parsed
        }
        return try parseWithFoundation(bytes, line: line)
    }

    /// Parses one line with `JSONDecoder` only, skipping the fast path (tests compare the two).
    static func parseWithFoundation(_ bytes: some Collection<UInt8>, line: Int) throws(CatalogueError) -> EventLine {
        let raw = Array(bytes)
        if let problem = JSONStructureCheck.problem(in: raw) {
            throw CatalogueError(
                line: line, eventType: nil, fieldPath: problem.path.isEmpty ? nil : problem.path, kind: .malformed,
                message: problem.message)
        }
        var parsed: EventLine
        do {
            parsed = EventLine(envelope: try lineDecoder.decode(Envelope.self, from: Data(raw)), line: line)
        } catch let error as EnvelopeError {
            throw CatalogueError(
                line: line, eventType: error.eventType, fieldPath: error.field.path.isEmpty ? nil : error.field.path,
                kind: error.field.kind,
                message: error.field.message)
        } catch {
            throw CareEventCodec.catalogueError(from: error, eventType: nil, pathPrefix: nil).at(line: line)
        }
        let canonical = parsed.event.canonicalPayload
        if parsed.inputSchemaVersion == parsed.event.schemaVersion,
            case .object(let members)? = UnknownFieldCheck.Shape.parse(raw), let data = members["data"]
        {
            // Codable drops keys a type does not know: refuse them with their path instead.
            do {
                try UnknownFieldCheck.check(data, canonical: canonical, eventType: parsed.type, prefix: "data")
            } catch {
                throw CatalogueError(
                    line: line, eventType: parsed.type, fieldPath: error.path, kind: error.kind, message: error.message)
            }
        }
        parsed.canonicalPayload = canonical
        return parsed
    }

    /// Renders the line as NDJSON (keys in a fixed order, no trailing newline), e.g. for
    /// `carelog log --format ndjson`; ``parse(_:line:)`` reads it back.
    public var ndjson: String {
        var out = "{\"stream\":" + jsonString(stream.rawValue) + ",\"type\":" + jsonString(type)
        out += ",\"occurredAt\":" + jsonString(occurredAt.iso8601) + ",\"actor\":" + jsonString(actor)
        if let expectedVersion {
            switch expectedVersion {
            case .any: out += ",\"expectedVersion\":\"any\""
            case .noStream: out += ",\"expectedVersion\":\"noStream\""
            case .exactly(let v): out += ",\"expectedVersion\":\(v)"
            }
        }
        if let idempotencyKey { out += ",\"idempotencyKey\":" + jsonString(idempotencyKey) }
        if let correlationID { out += ",\"correlationId\":" + jsonString(correlationID) }
        if let causationID { out += ",\"causationId\":" + jsonString(causationID) }
        if let recordedAt { out += ",\"recordedAt\":" + jsonString(recordedAt.iso8601) }
        out += ",\"data\":" + String(decoding: CareEventCodec.encode(event), as: UTF8.self) + "}"
        return out
    }

    /// Renders a recorded event as an NDJSON line that `carelog import` accepts into another
    /// store. The payload is copied as stored, with its `schemaVersion`; `recordedAt` is included
    /// when asked (for migration with `--recorded-at-from-input`).
    public static func ndjson(for recorded: RecordedEvent, includeRecordedAt: Bool = false) -> String {
        var out = "{\"stream\":" + jsonString(recorded.stream.rawValue) + ",\"type\":" + jsonString(recorded.type)
        out += ",\"schemaVersion\":\(recorded.schemaVersion)"
        out += ",\"occurredAt\":" + jsonString(recorded.occurredAt.iso8601) + ",\"actor\":" + jsonString(recorded.actor)
        if let id = recorded.correlationID { out += ",\"correlationId\":" + jsonString(id) }
        if let id = recorded.causationID { out += ",\"causationId\":" + jsonString(id) }
        if includeRecordedAt { out += ",\"recordedAt\":" + jsonString(recorded.recordedAt.iso8601) }
        out += ",\"data\":" + String(decoding: recorded.payload, as: UTF8.self) + "}"
        return out
    }

    // MARK: Decoding the envelope

    private static let lineDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }()

    /// The envelope keys, in documentation order.
    static let envelopeKeys = [
        "stream", "type", "occurredAt", "actor", "data", "schemaVersion", "expectedVersion", "idempotencyKey",
        "correlationId", "causationId", "recordedAt",
    ]

    /// A failure while decoding the envelope that already knows its path (and maybe the type).
    struct EnvelopeError: Error {
        var eventType: String?
        var field: PayloadFieldError
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct Envelope: Decodable {
        var stream: StreamName
        var event: CareEvent
        var schemaVersion: UInt16
        var occurredAt: Timestamp
        var actor: String
        var expectedVersion: ExpectedVersion?
        var idempotencyKey: String?
        var correlationID: String?
        var causationID: String?
        var recordedAt: Timestamp?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            // The unknown key itself is not repeated: it may be a value typed in the wrong place.
            if c.allKeys.contains(where: { !EventLine.envelopeKeys.contains($0.stringValue) }) {
                throw EnvelopeError(
                    field: PayloadFieldError(
                        path: "", kind: .malformed,
                        message:
                            "has a key that is not a field of an event line; expected only \(EventLine.envelopeKeys.joined(separator: ", "))"
                    ))
            }
            func fail(_ field: String, _ kind: CatalogueError.Kind, _ message: String, type: String? = nil)
                -> EnvelopeError
            {
                EnvelopeError(eventType: type, field: PayloadFieldError(path: field, kind: kind, message: message))
            }
            let type = try c.decode(String.self, forKey: Key("type"))
            guard CareEventCodec.isKnown(type) else {
                throw fail("type", .unknownEventType, "is not an event type in the catalogue (see Docs/events.md)")
            }
            do {
                let streamText = try c.decode(String.self, forKey: Key("stream"))
                guard let stream = StreamName(streamText) else {
                    throw fail(
                        "stream", .wrongStream,
                        "must be <kind>/<id> with a lower-case kind and an id of letters, digits and . _ : - (e.g. person/P000123)",
                        type: type)
                }
                self.stream = stream
                let occurredText = try c.decode(String.self, forKey: Key("occurredAt"))
                guard let occurredAt = Timestamp(iso8601: occurredText) else {
                    throw fail(
                        "occurredAt", .invalidInstant,
                        "must be an ISO 8601 instant with a time zone, e.g. 2020-01-06T09:00:00Z", type: type)
                }
                self.occurredAt = occurredAt
                actor = try c.decode(String.self, forKey: Key("actor"))
                guard StreamName.isValid(actor) else {
                    throw fail(
                        "actor", .malformed,
                        "must be an identifier <kind>/<id> such as staff/S0042 or system/cm2000 (never a name)",
                        type: type)
                }
                let version = try c.decodeIfPresent(UInt16.self, forKey: Key("schemaVersion"))
                guard let readable = CareEventCodec.readableSchemaVersions(of: type) else {
                    throw fail("type", .unknownEventType, "is not an event type in the catalogue (see Docs/events.md)")
                }
                schemaVersion = version ?? readable.upperBound
                guard readable.contains(schemaVersion) else {
                    throw fail(
                        "schemaVersion", .unsupportedSchemaVersion,
                        "schema version \(schemaVersion) is not supported (this build reads \(readable.lowerBound)–\(readable.upperBound))",
                        type: type)
                }
                if c.contains(Key("expectedVersion")) {
                    if let number = try? c.decode(UInt32.self, forKey: Key("expectedVersion")) {
                        expectedVersion = number == 0 ? .noStream : .exactly(number)
                    } else if let word = try? c.decode(String.self, forKey: Key("expectedVersion")),
                        word == "noStream" || word == "any"
                    {
                        expectedVersion = word == "any" ? .any : .noStream
                    } else {
                        throw fail(
                            "expectedVersion", .invalidOption,
                            "must be a stream version (0 or more), \"noStream\" or \"any\"", type: type)
                    }
                }
                idempotencyKey = try c.decodeIfPresent(String.self, forKey: Key("idempotencyKey"))
                let limit = AppendPlanner.maximumIdempotencyKeyLength
                if let key = idempotencyKey, key.isEmpty || key.utf8.count > limit {
                    throw fail("idempotencyKey", .invalidOption, "must be 1 to \(limit) bytes", type: type)
                }
                correlationID = try c.decodeIfPresent(String.self, forKey: Key("correlationId"))
                causationID = try c.decodeIfPresent(String.self, forKey: Key("causationId"))
                if let text = try c.decodeIfPresent(String.self, forKey: Key("recordedAt")) {
                    guard let t = Timestamp(iso8601: text) else {
                        throw fail(
                            "recordedAt", .invalidInstant, "must be an ISO 8601 instant with a time zone", type: type)
                    }
                    recordedAt = t
                }
                event = try CareEventCodec.decodeData(
                    type: type, schemaVersion: schemaVersion, from: try c.superDecoder(forKey: Key("data")))

            } catch let error as EnvelopeError {
                throw error
            } catch {
                let mapped = CareEventCodec.catalogueError(from: error, eventType: type, pathPrefix: nil)
                throw EnvelopeError(
                    eventType: type,
                    field: PayloadFieldError(path: mapped.fieldPath ?? "", kind: mapped.kind, message: mapped.message))
            }
        }
    }
}

/// A JSON string literal for `text`.
func jsonString(_ text: String) -> String { JSONStringLiteral.of(text) }

// The initializers are in an extension and delegate to the memberwise one: an initializer written
// in the type's body that assigns each property built the line and then copied it (a retain of
// each of its strings and its payload, and a release of the original).
extension EventLine {
    /// Creates a line from parts (tests and programs that build events in Swift).
    public init(
        line: Int = 1, stream: StreamName, event: CareEvent, occurredAt: Timestamp, actor: String,
        expectedVersion: ExpectedVersion? = nil, idempotencyKey: String? = nil, correlationID: String? = nil,
        causationID: String? = nil, recordedAt: Timestamp? = nil
    ) {
        self.init(
            parsedLine: line, stream: stream, event: event, inputSchemaVersion: event.schemaVersion,
            occurredAt: occurredAt, actor: actor, expectedVersion: expectedVersion, idempotencyKey: idempotencyKey,
            correlationID: correlationID, causationID: causationID, recordedAt: recordedAt)
    }

    private init(envelope e: Envelope, line: Int) {
        self.init(
            parsedLine: line, stream: e.stream, event: e.event, inputSchemaVersion: e.schemaVersion,
            occurredAt: e.occurredAt, actor: e.actor, expectedVersion: e.expectedVersion,
            idempotencyKey: e.idempotencyKey, correlationID: e.correlationID, causationID: e.causationID,
            recordedAt: e.recordedAt)
    }

    /// A line as parsed, whose input gave `inputSchemaVersion`.
    init(
        parsedLine line: Int, stream: StreamName, event: CareEvent, inputSchemaVersion: UInt16, occurredAt: Timestamp,
        actor: String, expectedVersion: ExpectedVersion?, idempotencyKey: String?, correlationID: String?,
        causationID: String?, recordedAt: Timestamp?
    ) {
        self.init(
            line: line, stream: stream, event: event, inputSchemaVersion: inputSchemaVersion, occurredAt: occurredAt,
            actor: actor, expectedVersion: expectedVersion, idempotencyKey: idempotencyKey,
            correlationID: correlationID, causationID: causationID, recordedAt: recordedAt)
    }
}
