import CareRecord

extension FoldStateWriter {
    /// Appends a care event as its type and its payload's canonical JSON (``CareRecord/CareEventCodec``)
    /// at the current schema version: for the few whole events a fold state keeps (grants, services,
    /// corrections' replacements).
    public mutating func event(_ event: CareEvent) {
        string(event.type)
        unsigned(UInt64(event.schemaVersion))
        let payload = CareEventCodec.encode(event)
        count(payload.count)
        raw(payload)
    }
}

extension FoldStateReader {
    /// Reads a care event written by ``FoldStateWriter/event(_:)``.
    public mutating func event() throws(FoldStateDecodingError) -> CareEvent {
        let type = try string()
        guard let version = UInt16(exactly: try unsigned()) else {
            throw FoldStateDecodingError(offset: 0, expected: "a schema version")
        }
        let payload = try raw(try count())
        do { return try CareEventCodec.decode(type: type, schemaVersion: version, payload: payload) } catch {
            throw FoldStateDecodingError(offset: 0, expected: "a \(type) payload")
        }
    }
}
