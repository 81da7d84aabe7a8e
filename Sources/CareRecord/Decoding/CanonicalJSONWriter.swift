import EventLog

/// Writes the canonical payload JSON ``CareEventCodec`` produces (keys sorted, no whitespace,
/// instants as `YYYY-MM-DDTHH:MM:SS.sssZ`) straight into bytes, for the hot event types, so an
/// import does not run `JSONEncoder` once per line.
///
/// It handles only what it can write exactly as `JSONEncoder` does: strings of printable ASCII
/// without `"` or `\`, whole numbers, booleans, instants and arrays of such strings. Anything
/// else makes ``failed`` true and the caller encodes with `JSONEncoder` instead; tests compare
/// the two byte for byte on every sample.
struct CanonicalJSONWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []
    /// Whether a value was met that this writer cannot write exactly as `JSONEncoder` would.
    private(set) var failed = false
    /// Whether the next key is the object's first.
    private var atFirstKey = true

    /// A writer with room for a typical payload.
    init() {
        bytes.reserveCapacity(192)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Writes a key (the caller writes keys in sorted order); the value follows.
    mutating func key(_ name: StaticString) {
        if atFirstKey {
            atFirstKey = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A string value; only printable ASCII without `"` and `\` (which `JSONEncoder` writes as is).
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else {
                failed = true
                return
            }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A closed-vocabulary value, by its raw string.
    mutating func value<E: CatalogueEnum>(_ value: E) { string(value.rawValue) }

    /// A whole number.
    mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `true` or `false`.
    mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    /// An instant in the canonical form.
    mutating func timestamp(_ value: Timestamp) {
        bytes.append(UInt8(ascii: "\""))
        value.appendISO8601(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// An array of strings.
    mutating func stringArray(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The finished object, or `nil` when a value could not be written exactly.
    mutating func finish() -> [UInt8]? {
        bytes.append(UInt8(ascii: "}"))
        return failed ? nil : bytes
    }
}

/// A payload the ``CanonicalJSONWriter`` writes without `JSONEncoder` (the hot types).
protocol CanonicalJSONWritable: CareEventPayload {
    /// Writes the fields in sorted key order, omitting `nil` optionals (as `JSONEncoder` does).
    func writeCanonical(to writer: inout CanonicalJSONWriter)
}

extension CareEvent {
    /// The payload's canonical JSON: written directly for the hot types, by ``CareEventCodec``
    /// (`JSONEncoder`) for the others and for values the direct writer does not handle. The bytes
    /// are the same either way.
    package var canonicalPayload: [UInt8] {
        var writer = CanonicalJSONWriter()
        switch self {
        case .visitScheduled(let e): e.writeCanonical(to: &writer)
        case .visitCheckedIn(let e): e.writeCanonical(to: &writer)
        case .visitCheckedOut(let e): e.writeCanonical(to: &writer)
        case .visitMissed(let e): e.writeCanonical(to: &writer)
        case .visitCancelled(let e): e.writeCanonical(to: &writer)
        case .medicationRecorded(let e): e.writeCanonical(to: &writer)
        default: return CareEventCodec.encode(self)
        }
        return writer.finish() ?? CareEventCodec.encode(self)
    }
}
