/// A payload type with a hand-written decoder for the flat JSON ``CareEventCodec`` writes, used
/// before `JSONDecoder` for the event types that make up most of a log.
///
/// A conforming type's ``decodeFast(from:)`` must accept a subset of what `JSONDecoder`
/// accepts for the current schema version and produce the identical value: it throws
/// ``FlatJSONReader/NotHandled`` for an unknown key, a duplicate or missing required key, a
/// value of the wrong JSON type, an unknown vocabulary value or an invalid instant, and the
/// codec then decodes with `JSONDecoder` (which gives the value or the error users see).
protocol FastDecodable: CareEventPayload {
    /// The reader refused the bytes.
    typealias NotHandled = FlatJSONReader.NotHandled

    /// Reads the payload's fields from a reader positioned inside the object's opening brace.
    ///
    /// Implementations are marked `@_specialize(where R == FlatJSONReader)`: reached through
    /// this requirement from ``init(fast:keeping:)``, an unspecialised body looked up type
    /// metadata for its fields on every payload (a few percent of a rebuild's decoding thread).
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> Self
}

extension FastDecodable {
    /// The payload, or `nil` when the bytes are not exactly what the fast path handles (then
    /// decode them with `JSONDecoder`). Only for payloads at the current ``schemaVersion``.
    init?(fast bytes: UnsafeRawBufferPointer) {
        self.init(fast: bytes, keeping: nil)
    }

    /// As ``init(fast:)``, reading text only under the keys `kept` names (nil: every key): text
    /// under any other key is checked but left as "" (or `[]`), for a reader that never looks at
    /// it (``PayloadReading``).
    init?(fast bytes: UnsafeRawBufferPointer, keeping kept: [[UInt8]]?) {
        guard let kept else {
            guard let decoded = Self.decodeFast(bytes, keeping: nil) else { return nil }
            self = decoded
            return
        }
        guard let decoded = kept.withUnsafeBufferPointer({ Self.decodeFast(bytes, keeping: $0) }) else { return nil }
        self = decoded
    }

    /// What the codec's lean decoder makes of a payload at `schemaVersion` (``PayloadReading``):
    /// the payload read fast keeping `kept`, or `nil` when the version is not the current one or
    /// the fast path refuses the bytes (then the codec decodes them otherwise).
    static func leanDecoded(_ bytes: UnsafeRawBufferPointer, schemaVersion: UInt16, keeping kept: [[UInt8]]) -> Self? {
        schemaVersion == Self.schemaVersion ? Self(fast: bytes, keeping: kept) : nil
    }

    /// The payload read by a ``FlatJSONReader`` over `bytes` keeping `kept`, or `nil`.
    private static func decodeFast(_ bytes: UnsafeRawBufferPointer, keeping kept: UnsafeBufferPointer<[UInt8]>?)
        -> Self?
    {
        var reader = FlatJSONReader(bytes, keeping: kept)
        do {
            try reader.beginObject()
            return try Self.decodeFast(from: &reader)
        } catch {
            return nil
        }
    }
}

/// One field of a payload being read fast: set at most once (a second time means a duplicate
/// key, which is refused), required or defaulted at the end.
struct FastField<Value> {
    private var value: Value?
    private var isSet = false

    /// An unset field.
    init() {}

    /// Sets the field; refuses a second value for the same key.
    mutating func set(_ newValue: Value) throws(FlatJSONReader.NotHandled) {
        guard !isSet else { throw FlatJSONReader.NotHandled() }
        value = newValue
        isSet = true
    }

    /// The value of a required field; refuses a missing key.
    func required() throws(FlatJSONReader.NotHandled) -> Value {
        guard isSet, let value else { throw FlatJSONReader.NotHandled() }
        return value
    }

    /// The value, or `absent` when the key was missing (an optional field).
    func or(_ absent: Value) -> Value {
        value ?? absent
    }
}
