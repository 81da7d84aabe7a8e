import EventLog
import Foundation

/// Turns payload bytes into ``CareEvent`` values and back: the one place that decodes and
/// encodes care events, so a faster decoder can replace `JSONDecoder` without touching callers.
///
/// Decoding looks the type up in a table (no trial-and-error decoding) and upcasts payloads
/// written by older schema versions to the current one. Encoding writes deterministic JSON:
/// keys sorted, no insignificant whitespace, instants as `YYYY-MM-DDTHH:MM:SS.sssZ`.
public enum CareEventCodec {
    /// How to read one event type.
    /// One event type's decoders. A class, so that finding a line's entry (once per imported
    /// line) retains one reference, not each of its decoders.
    final class Entry: Sendable {
        /// Schema versions this build reads.
        let versions: ClosedRange<UInt16>
        /// Decodes payload bytes written at a version.
        let fromBytes: @Sendable (Data, UInt16) throws -> CareEvent
        /// Decodes from a decoder positioned at the payload (NDJSON `data`, a correction's `replacement`).
        let fromDecoder: @Sendable (any Decoder, UInt16) throws -> CareEvent
        /// The fast path for payload bytes (hot types only): `nil` when it does not handle the
        /// bytes or the version, and then `fromBytes` decides.
        let fast: FastDecoder?
        /// The same decoder over typed field values (``PayloadFieldsReader``).
        let direct: DirectDecoder?
        /// The fast path reading text only under the keys given (hot types only): `nil` when it
        /// does not handle the bytes, and then the payload is read whole.
        let lean: LeanDecoder?

        init(
            versions: ClosedRange<UInt16>, fromBytes: @escaping @Sendable (Data, UInt16) throws -> CareEvent,
            fromDecoder: @escaping @Sendable (any Decoder, UInt16) throws -> CareEvent, fast: FastDecoder? = nil,
            direct: DirectDecoder? = nil, lean: LeanDecoder? = nil
        ) {
            self.versions = versions
            self.fromBytes = fromBytes
            self.fromDecoder = fromDecoder
            self.fast = fast
            self.direct = direct
            self.lean = lean
        }

        /// This entry with other fast and lean decoders.
        func with(fast: FastDecoder?, lean: LeanDecoder?) -> Entry {
            Entry(
                versions: versions, fromBytes: fromBytes, fromDecoder: fromDecoder, fast: fast, direct: direct,
                lean: lean)
        }
    }

    /// Builds a payload at the current schema version from typed field values, or returns `nil`
    /// when the fast decoder does not take them exactly as it would take their JSON.
    package typealias DirectDecoder = @Sendable (inout PayloadFieldsReader) -> CareEvent?

    /// The decoder that builds an event of `type` straight from typed field values (the hot
    /// types only: those with a ``FastDecodable`` decoder), or `nil` for every other type.
    package static func directDecoder(for type: String) -> DirectDecoder? { entries[type]?.direct }

    private static func directDecoder<T: FastDecodable>(_ type: T.Type) -> DirectDecoder {
        { reader in
            do { return try T.decodeFast(from: &reader).careEvent } catch { return nil }
        }
    }

    /// Decodes payload bytes written at a version without Foundation, or returns `nil`.
    typealias FastDecoder = @Sendable (UnsafeRawBufferPointer, UInt16) -> CareEvent?
    /// As ``FastDecoder``, leaving text under keys other than those given unread.
    typealias LeanDecoder = @Sendable (UnsafeRawBufferPointer, UInt16, [[UInt8]]) -> CareEvent?

    /// The fast path of a ``FastDecodable`` type, for payloads at its current schema version.
    private static func fastDecoder<T: FastDecodable>(_ type: T.Type) -> FastDecoder {
        { bytes, version in version == T.schemaVersion ? T(fast: bytes)?.careEvent : nil }
    }

    /// The lean fast path of a ``FastDecodable`` type (``PayloadReading``).
    private static func leanDecoder<T: FastDecodable>(_ type: T.Type) -> LeanDecoder {
        { bytes, version, kept in T.leanDecoded(bytes, schemaVersion: version, keeping: kept)?.careEvent }
    }

    private static let jsonDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }()

    private static let jsonEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }()

    private static func entry<T: CareEventPayload>(_ type: T.Type) -> Entry {
        Entry(
            versions: T.schemaVersion...T.schemaVersion,
            fromBytes: { data, _ in
                let event = try jsonDecoder.decode(T.self, from: data).careEvent
                try UnknownFieldCheck.check(bytes: data, decoded: event)
                return event
            },
            fromDecoder: { decoder, _ in try T(from: decoder).careEvent },
            fast: (type as? any FastDecodable.Type).map { fastDecoder($0) },
            direct: (type as? any FastDecodable.Type).map { directDecoder($0) },
            lean: (type as? any FastDecodable.Type).map { leanDecoder($0) })
    }

    /// The decoding table, by type string.
    static let entries: [String: Entry] = {
        var table: [String: Entry] = [:]
        for type in CareEvent.allPayloadTypes { table[type.eventType] = entry(type) }
        // VisitScheduled v1 → v2: durationMinutes became plannedMinutes; carersNeeded added (1).
        table[VisitScheduled.eventType] = Entry(
            versions: 1...2,
            fromBytes: { data, version in
                version == 1
                    ? try jsonDecoder.decode(VisitScheduledV1.self, from: data).upcast.careEvent
                    : try Self.checked(jsonDecoder.decode(VisitScheduled.self, from: data).careEvent, bytes: data)
            },
            fromDecoder: { decoder, version in
                version == 1
                    ? try VisitScheduledV1(from: decoder).upcast.careEvent : try VisitScheduled(from: decoder).careEvent
            },
            fast: fastDecoder(VisitScheduled.self), direct: directDecoder(VisitScheduled.self),
            lean: leanDecoder(VisitScheduled.self))
        // The other fast types' decoders built for their concrete type: made through the
        // existential in `entry(_:)`, they ran unspecialised, looking up type metadata per event.
        func specialise<T: FastDecodable>(_ type: T.Type) {
            table[T.eventType] = table[T.eventType]?.with(fast: fastDecoder(type), lean: leanDecoder(type))
        }
        specialise(VisitCheckedIn.self)
        specialise(VisitCheckedOut.self)
        specialise(VisitMissed.self)
        specialise(VisitCancelled.self)
        specialise(MedicationRecorded.self)
        specialise(PersonalPlanPrepared.self)
        specialise(ReviewHeld.self)
        specialise(ServiceEnded.self)
        specialise(TrainingCompleted.self)
        specialise(SupervisionHeld.self)
        specialise(SSSCRegistrationRecorded.self)
        specialise(ServiceStarted.self)
        specialise(StaffJoined.self)
        specialise(PersonalPlanMadeAvailable.self)
        specialise(IncidentRecorded.self)
        return table
    }()

    /// `event`, after refusing any key of `bytes` it does not know.
    private static func checked(_ event: CareEvent, bytes: Data) throws -> CareEvent {
        try UnknownFieldCheck.check(bytes: bytes, decoded: event)
        return event
    }

    /// Every event type string the catalogue knows, sorted.
    public static var eventTypes: [String] { entries.keys.sorted() }

    /// Whether `type` is an event type in the catalogue.
    public static func isKnown(_ type: String) -> Bool { entries[type] != nil }

    /// The schema versions this build reads for `type`, or `nil` for an unknown type.
    public static func readableSchemaVersions(of type: String) -> ClosedRange<UInt16>? { entries[type]?.versions }

    /// The payload type for a type string.
    public static func payloadType(named type: String) -> (any CareEventPayload.Type)? {
        CareEvent.allPayloadTypes.first { $0.eventType == type }
    }

    // MARK: Decoding

    /// Decodes a payload written at `schemaVersion`, upcasting it to the current schema.
    ///
    /// - Throws: ``CatalogueError`` naming the type and the field path (`data.…`) — never the
    ///   offending value.
    ///
    /// The hot event types (visits and MAR entries) are first read by a hand-written decoder
    /// (``FastDecodable``) that handles the canonical JSON this codec writes; any other bytes —
    /// and every other type — go to `JSONDecoder`, so the result and the errors are the same.
    public static func decode(type: String, schemaVersion: UInt16, payload: [UInt8]) throws(CatalogueError) -> CareEvent
    {
        let entry = try lookup(type: type, schemaVersion: schemaVersion)
        if let fast = entry.fast, let event = payload.withUnsafeBytes({ fast($0, schemaVersion) }) {
            return event
        }
        return try decodeWithFoundation(entry, type: type, schemaVersion: schemaVersion, payload: payload)
    }

    /// Decodes a payload borrowed from the stored bytes (a ``BorrowedEvent``'s), as
    /// ``decode(type:schemaVersion:payload:)`` does — the same event and the same errors —
    /// without copying the bytes for the hand-written decoders (only `JSONDecoder` gets a copy).
    package static func decode(type: String, schemaVersion: UInt16, payloadBytes: UnsafeRawBufferPointer)
        throws(CatalogueError) -> CareEvent
    {
        let entry = try lookup(type: type, schemaVersion: schemaVersion)
        if let fast = entry.fast, let event = fast(payloadBytes, schemaVersion) { return event }
        return try decodeWithFoundation(entry, type: type, schemaVersion: schemaVersion, payload: Array(payloadBytes))
    }

    /// Decodes a borrowed payload as ``decode(type:schemaVersion:payloadBytes:)`` does — the same
    /// event or the same error — except that text under keys `kept` does not name is left as ""
    /// or `[]` (``PayloadReading``: `kept` is its ``PayloadReading/keptKeys(of:)`` for `type`;
    /// nil reads every key).
    package static func decode(
        type: String, schemaVersion: UInt16, payloadBytes: UnsafeRawBufferPointer, keeping kept: [[UInt8]]?
    ) throws(CatalogueError) -> CareEvent {
        if let kept, let lean = entries[type]?.lean, let event = lean(payloadBytes, schemaVersion, kept) {
            return event
        }
        return try decode(type: type, schemaVersion: schemaVersion, payloadBytes: payloadBytes)
    }

    /// One event type's decoders, looked up in the catalogue once: a reader that meets the same
    /// few type names over and over (a rebuild's decoding threads) resolves each once and skips
    /// the catalogue's table for every event after.
    /// (A class: handing it on costs one reference count, where the entry's closures cost five.)
    package final class ResolvedType: Sendable {
        fileprivate let entry: Entry
        fileprivate init(entry: Entry) { self.entry = entry }
    }

    /// The decoders of `type`, or `nil` when the catalogue has no such type.
    package static func resolve(_ type: String) -> ResolvedType? { entries[type].map { ResolvedType(entry: $0) } }

    /// ``decode(type:schemaVersion:payloadBytes:keeping:)`` with the type already resolved
    /// (`resolved` is ``resolve(_:)`` of `type`): the same event or the same error.
    package static func decode(
        _ resolved: ResolvedType?, type: String, schemaVersion: UInt16, payloadBytes: UnsafeRawBufferPointer,
        keeping kept: [[UInt8]]?
    ) throws(CatalogueError) -> CareEvent {
        guard let entry = resolved?.entry, entry.versions.contains(schemaVersion) else {
            return try decode(type: type, schemaVersion: schemaVersion, payloadBytes: payloadBytes, keeping: kept)
        }
        if let kept, let lean = entry.lean, let event = lean(payloadBytes, schemaVersion, kept) { return event }
        if let fast = entry.fast, let event = fast(payloadBytes, schemaVersion) { return event }
        return try decodeWithFoundation(entry, type: type, schemaVersion: schemaVersion, payload: Array(payloadBytes))
    }

    /// Decodes with `JSONDecoder` only, skipping the fast path (tests compare the two).
    static func decodeWithFoundation(type: String, schemaVersion: UInt16, payload: [UInt8]) throws(CatalogueError)
        -> CareEvent
    {
        try decodeWithFoundation(
            lookup(type: type, schemaVersion: schemaVersion), type: type, schemaVersion: schemaVersion, payload: payload
        )
    }

    private static func decodeWithFoundation(_ entry: Entry, type: String, schemaVersion: UInt16, payload: [UInt8])
        throws(CatalogueError) -> CareEvent
    {
        do {
            return try entry.fromBytes(Data(payload), schemaVersion)
        } catch {
            throw catalogueError(from: error, eventType: type, pathPrefix: "data")
        }
    }

    /// Decodes an event read from the log.
    public static func decode(_ recorded: RecordedEvent) throws(CatalogueError) -> CareEvent {
        try decode(type: recorded.type, schemaVersion: recorded.schemaVersion, payload: recorded.payload)
    }

    /// Decodes the payload a decoder is positioned at (for the NDJSON `data` object and a
    /// correction's `replacement`). `schemaVersion` `nil` means the current one.
    ///
    /// Throws ``PayloadFieldError`` or `DecodingError`; callers map them with
    /// ``catalogueError(from:eventType:pathPrefix:)``.
    public static func decodeData(type: String, schemaVersion: UInt16?, from decoder: any Decoder) throws -> CareEvent {
        let path = FieldPath.render(decoder.codingPath)
        guard let entry = entries[type] else {
            throw PayloadFieldError(path: path, kind: .unknownEventType, message: "unknown event type")
        }
        let version = schemaVersion ?? entry.versions.upperBound
        guard entry.versions.contains(version) else {
            throw PayloadFieldError(
                path: path, kind: .unsupportedSchemaVersion,
                message:
                    "schema version \(version) of \(type) is not supported (this build reads \(describe(entry.versions)))"
            )
        }
        return try entry.fromDecoder(decoder, version)
    }

    private static func lookup(type: String, schemaVersion: UInt16) throws(CatalogueError) -> Entry {
        guard let entry = entries[type] else {
            throw CatalogueError(
                eventType: nil, fieldPath: "type", kind: .unknownEventType,
                message: "is not an event type in the catalogue (see Docs/events.md)")
        }
        guard entry.versions.contains(schemaVersion) else {
            throw CatalogueError(
                eventType: type, fieldPath: "schemaVersion", kind: .unsupportedSchemaVersion,
                message:
                    "schema version \(schemaVersion) is not supported (this build reads \(describe(entry.versions)))")
        }
        return entry
    }

    private static func describe(_ versions: ClosedRange<UInt16>) -> String {
        versions.count == 1
            ? "version \(versions.lowerBound)" : "versions \(versions.lowerBound)–\(versions.upperBound)"
    }

    /// Turns a decoding failure into a ``CatalogueError`` with a field path and an actionable
    /// message. Never copies `DecodingError`'s debug description, which may quote the value.
    public static func catalogueError(from error: any Error, eventType: String?, pathPrefix: String?) -> CatalogueError
    {
        func join(_ path: String) -> String? {
            switch (pathPrefix, path.isEmpty) {
            case (nil, true): return nil
            case (nil, false): return path
            case (let prefix?, true): return prefix
            case (let prefix?, false): return path.hasPrefix("[") ? prefix + path : prefix + "." + path
            }
        }
        if let error = error as? CatalogueError { return error }
        if let field = error as? PayloadFieldError {
            return CatalogueError(
                eventType: eventType, fieldPath: join(field.path), kind: field.kind, message: field.message)
        }
        guard let decoding = error as? DecodingError else {
            return CatalogueError(
                eventType: eventType, kind: .malformed, message: "is not valid JSON, or holds a number out of range")
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            return CatalogueError(
                eventType: eventType, fieldPath: join(FieldPath.render(context.codingPath + [key])),
                kind: .missingField,
                message: "is required but missing")
        case .valueNotFound(_, let context):
            return CatalogueError(
                eventType: eventType, fieldPath: join(FieldPath.render(context.codingPath)), kind: .missingField,
                message: "is required but null")
        case .typeMismatch(let type, let context):
            return CatalogueError(
                eventType: eventType, fieldPath: join(FieldPath.render(context.codingPath)), kind: .wrongType,
                message: "must be \(jsonKind(of: type))")
        case .dataCorrupted(let context):
            let path = FieldPath.render(context.codingPath)
            if context.codingPath.isEmpty {
                return CatalogueError(
                    eventType: eventType, fieldPath: join(""), kind: .malformed, message: "is not valid JSON")
            }
            let debug = context.debugDescription
            if debug.hasPrefix("expected a calendar date") {
                return CatalogueError(
                    eventType: eventType, fieldPath: join(path), kind: .invalidDate,
                    message: "must be a calendar date YYYY-MM-DD that exists (e.g. 2021-02-28, not 2021-02-30)")
            }
            if debug.hasPrefix("expected a quarter") {
                return CatalogueError(
                    eventType: eventType, fieldPath: join(path), kind: .malformed,
                    message: "must be a quarter written YYYY-Qn, e.g. 2020-Q1")
            }
            if debug.hasPrefix("not an ISO 8601 instant") {
                return CatalogueError(
                    eventType: eventType, fieldPath: join(path), kind: .invalidInstant,
                    message:
                        "must be an ISO 8601 instant with a time zone, e.g. 2020-01-06T09:00:00Z or 2020-07-06T10:00:00+01:00"
                )
            }
            return CatalogueError(
                eventType: eventType, fieldPath: join(path), kind: .wrongType,
                message: "has a value of the wrong type or out of range for this field")
        @unknown default:
            return CatalogueError(
                eventType: eventType, kind: .malformed, message: "is not valid JSON, or holds a number out of range")
        }
    }

    private static func jsonKind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a JSON string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is UInt64.Type, is UInt16.Type, is UInt32.Type, is Int64.Type: return "a whole number"
        case is Double.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a JSON array" }
            if name.hasPrefix("Dictionary") { return "a JSON object" }
            return "of a different JSON type"
        }
    }

    // MARK: Encoding

    /// Encodes the payload as deterministic JSON (sorted keys) at the current schema version.
    public static func encode(_ event: CareEvent) -> [UInt8] {
        encode(payload: event.payload)
    }

    /// Encodes one payload as deterministic JSON (sorted keys).
    public static func encode(payload: some CareEventPayload) -> [UInt8] {
        do {
            return Array(try jsonEncoder.encode(payload))
        } catch {
            // Unreachable: non-finite numbers are written as strings and every payload is plain data.
            preconditionFailure("care event payload could not be encoded: \(type(of: payload).eventType)")
        }
    }
}

extension CareEvent {
    /// A proposed event for the log: this payload, encoded, at the current schema version.
    public func proposed(
        stream: StreamName, occurredAt: Timestamp, actor: String, correlationID: String? = nil,
        causationID: String? = nil
    ) -> ProposedEvent {
        ProposedEvent(
            stream: stream, type: type, schemaVersion: schemaVersion, occurredAt: occurredAt, actor: actor,
            correlationID: correlationID, causationID: causationID, payload: CareEventCodec.encode(self))
    }
}
