import CareCalendar
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

    /// A writer with room for `capacity` bytes, the payload's size at most (its array is kept
    /// with the line, so room beyond that is memory held per line until it is appended).
    init(capacity: Int = 192) {
        bytes.reserveCapacity(capacity)
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
        // A native string's bytes are checked in place and appended at once (appending them one
        // by one checked the array's capacity and uniqueness once per byte).
        let done: Bool? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard utf8.allSatisfy(Self.isPlain) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        switch done {
        case true?: break
        case false?:
            failed = true
            return
        case nil:
            for byte in text.utf8 {
                guard Self.isPlain(byte) else {
                    failed = true
                    return
                }
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether `JSONEncoder` writes `byte` in a string as it is: printable ASCII but `"` and `\`.
    private static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// A closed-vocabulary value, by its raw string.
    mutating func value<E: CatalogueEnum>(_ value: E) { string(value.rawValue) }

    /// A whole number, in decimal digits (as `String(value)` writes it, without building one).
    mutating func int(_ value: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            // The magnitude as unsigned, so `Int.min` needs no special case.
            var rest = value.magnitude
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// A list of closed-vocabulary values, each by its raw string.
    mutating func values<E: CatalogueEnum>(_ values: [E]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value.rawValue)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A calendar date, `YYYY-MM-DD` as ``CareDate`` encodes it.
    mutating func date(_ value: CareDate) { string(value.iso8601) }

    /// A number as `JSONEncoder` writes a `Double`: its `description` without a trailing `.0`.
    /// A non-finite value (which the codec writes as a string) is refused.
    mutating func double(_ value: Double) {
        guard value.isFinite else {
            failed = true
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
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
        // A MAR entry is about 270 bytes: with the 192 the visits need, its array was allocated,
        // copied and freed a second time per line (and kept at 384).
        let capacity: Int
        if case .medicationRecorded = self { capacity = 320 } else { capacity = 192 }
        var writer = CanonicalJSONWriter(capacity: capacity)
        switch self {
        case .visitScheduled(let e): e.writeCanonical(to: &writer)
        case .visitCheckedIn(let e): e.writeCanonical(to: &writer)
        case .visitCheckedOut(let e): e.writeCanonical(to: &writer)
        case .visitMissed(let e): e.writeCanonical(to: &writer)
        case .visitCancelled(let e): e.writeCanonical(to: &writer)
        case .medicationRecorded(let e): e.writeCanonical(to: &writer)
        case .serviceStarted(let e): e.writeCanonical(to: &writer)
        case .staffJoined(let e): e.writeCanonical(to: &writer)
        case .personalPlanMadeAvailable(let e): e.writeCanonical(to: &writer)
        case .incidentRecorded(let e): e.writeCanonical(to: &writer)
        case .personalPlanPrepared(let e): e.writeCanonical(to: &writer)
        case .reviewHeld(let e): e.writeCanonical(to: &writer)
        case .serviceEnded(let e): e.writeCanonical(to: &writer)
        case .trainingCompleted(let e): e.writeCanonical(to: &writer)
        case .supervisionHeld(let e): e.writeCanonical(to: &writer)
        case .ssscRegistrationRecorded(let e): e.writeCanonical(to: &writer)
        default: return CareEventCodec.encode(self)
        }
        return writer.finish() ?? CareEventCodec.encode(self)
    }
}
