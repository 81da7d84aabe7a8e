import EventLog

extension EventLine {
    /// Parses a line in one pass over its bytes, without Foundation, when it is the plain shape
    /// `carelog log --format ndjson` writes for the hot event types (visits and MAR entries at
    /// their current schema version): a flat envelope of known keys, each once, and a flat
    /// `data` object the type's ``FastDecodable`` decoder reads.
    ///
    /// `nil` for anything else — another type, an older schema version, a `null`, an escape in a
    /// key, a value that does not validate, any malformed byte — and then ``parse(_:line:)``
    /// decodes the line with `JSONDecoder`, which gives the same value or the error users see.
    /// So this path never has to be right about the rare cases, only about refusing them. The
    /// structure checks (``JSONStructureCheck``) hold by construction: each key is read once
    /// (a second one is refused), the nesting is two levels, and every string is validated.
    static func parseFast(_ bytes: UnsafeRawBufferPointer, line: Int) -> EventLine? {
        var reader = FlatJSONReader(bytes)
        var stream: StreamName?
        var type: String?
        var occurredAt: Timestamp?
        var actor: String?
        var data: Range<Int>?
        var schemaVersion: Int?
        var expectedVersion: ExpectedVersion?
        var idempotencyKey: String?
        var correlationID: String?
        var causationID: String?
        var recordedAt: Timestamp?
        // Fields read so far, one bit each, so a repeated key is refused.
        var seen: UInt16 = 0
        func once(_ bit: UInt16) throws(FlatJSONReader.NotHandled) {
            guard seen & bit == 0 else { throw FlatJSONReader.NotHandled() }
            seen |= bit
        }
        do throws(FlatJSONReader.NotHandled) {
            try reader.beginObject()
            while let key = try reader.nextKey() {
                switch key {
                case "stream":
                    try once(1)
                    stream = StreamName(try reader.string())
                    if stream == nil { return nil }
                case "type":
                    try once(2)
                    type = try reader.string()
                case "occurredAt":
                    try once(4)
                    occurredAt = try reader.timestamp()
                case "actor":
                    try once(8)
                    actor = try reader.string()
                case "data":
                    try once(16)
                    data = try reader.objectRange()
                case "schemaVersion":
                    try once(32)
                    schemaVersion = try reader.int()
                case "expectedVersion":
                    try once(64)
                    if let word = try? reader.string() {
                        guard word == "noStream" || word == "any" else { return nil }
                        expectedVersion = word == "any" ? .any : .noStream
                    } else {
                        let number = try reader.int()
                        guard let version = UInt32(exactly: number) else { return nil }
                        expectedVersion = version == 0 ? .noStream : .exactly(version)
                    }
                case "idempotencyKey":
                    try once(128)
                    idempotencyKey = try reader.string()
                case "correlationId":
                    try once(256)
                    correlationID = try reader.string()
                case "causationId":
                    try once(512)
                    causationID = try reader.string()
                case "recordedAt":
                    try once(1024)
                    recordedAt = try reader.timestamp()
                default:
                    return nil
                }
            }
        } catch {
            return nil
        }
        guard let stream, let type, let occurredAt, let actor, let data, StreamName.isValid(actor),
            let entry = CareEventCodec.entries[type], let fast = entry.fast
        else { return nil }
        let version: UInt16
        if let schemaVersion {
            guard let given = UInt16(exactly: schemaVersion), entry.versions.contains(given) else { return nil }
            version = given
        } else {
            version = entry.versions.upperBound
        }
        if let key = idempotencyKey, key.isEmpty || key.utf8.count > AppendPlanner.maximumIdempotencyKeyLength {
            return nil
        }
        guard let event = fast(UnsafeRawBufferPointer(rebasing: bytes[data]), version) else { return nil }
        return EventLine(
            parsedLine: line, stream: stream, event: event, inputSchemaVersion: version, occurredAt: occurredAt,
            actor: actor, expectedVersion: expectedVersion, idempotencyKey: idempotencyKey,
            correlationID: correlationID, causationID: causationID, recordedAt: recordedAt)
    }
}
