/// Finds keys in a payload's JSON that its type does not know, so that a misspelt or stray
/// field is refused with its path instead of being silently dropped by `Codable`.
///
/// The input's key tree is compared with the key tree of the decoded value encoded again (the
/// canonical payload): a key present in the input (with a non-null value) but absent from the
/// encoding is unknown. Applied to payloads at the type's current schema version (older versions
/// are read by their own types and upcast). Both trees are read by ``Shape/parse(_:)``, a small
/// scanner over bytes that already passed `JSONDecoder`, so the check costs two linear scans.
enum UnknownFieldCheck {
    /// The key structure of a JSON value: objects and arrays with their members, anything else a leaf.
    indirect enum Shape: Equatable {
        case object([String: Shape])
        case array([Shape])
        case null
        case leaf

        /// The shape of one JSON text (valid JSON expected); `nil` when it cannot be read.
        static func parse(_ bytes: some Collection<UInt8>) -> Shape? {
            let array = Array(bytes)
            return array.withUnsafeBufferPointer { buffer -> Shape? in
                var scanner = Scanner(bytes: buffer, offset: 0)
                return scanner.value()
            }
        }
    }

    /// A forward-only reader of JSON that keeps only keys and nesting.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset: Int

        mutating func skipSpace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x20, 0x09, 0x0A, 0x0D: offset += 1
                default: return
                }
            }
        }

        mutating func value() -> Shape? {
            skipSpace()
            guard offset < bytes.count else { return nil }
            switch bytes[offset] {
            case UInt8(ascii: "{"):
                offset += 1
                var members: [String: Shape] = [:]
                skipSpace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                    offset += 1
                    return .object(members)
                }
                while true {
                    skipSpace()
                    guard let key = string() else { return nil }
                    skipSpace()
                    guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { return nil }
                    offset += 1
                    guard let member = value() else { return nil }
                    members[key] = member
                    skipSpace()
                    guard offset < bytes.count else { return nil }
                    if bytes[offset] == UInt8(ascii: ",") {
                        offset += 1
                        continue
                    }
                    if bytes[offset] == UInt8(ascii: "}") {
                        offset += 1
                        return .object(members)
                    }
                    return nil
                }
            case UInt8(ascii: "["):
                offset += 1
                var elements: [Shape] = []
                skipSpace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                    offset += 1
                    return .array(elements)
                }
                while true {
                    guard let element = value() else { return nil }
                    elements.append(element)
                    skipSpace()
                    guard offset < bytes.count else { return nil }
                    if bytes[offset] == UInt8(ascii: ",") {
                        offset += 1
                        continue
                    }
                    if bytes[offset] == UInt8(ascii: "]") {
                        offset += 1
                        return .array(elements)
                    }
                    return nil
                }
            case UInt8(ascii: "\""):
                // A string value: skipped, not built (only keys are kept).
                offset += 1
                while offset < bytes.count {
                    switch bytes[offset] {
                    case UInt8(ascii: "\""):
                        offset += 1
                        return .leaf
                    case UInt8(ascii: "\\"): offset += 2
                    default: offset += 1
                    }
                }
                return nil
            case UInt8(ascii: "n"):
                offset += 4
                return .null
            default:
                // A number, true or false: up to the next delimiter.
                scan: while offset < bytes.count {
                    switch bytes[offset] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: break scan
                    default: offset += 1
                    }
                }
                return .leaf
            }
        }

        /// A string at the offset (opening quote included), unescaped.
        mutating func string() -> String? {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { return nil }
            offset += 1
            var raw: [UInt8] = []
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                if byte == UInt8(ascii: "\"") { return String(decoding: raw, as: UTF8.self) }
                guard byte == UInt8(ascii: "\\") else {
                    raw.append(byte)
                    continue
                }
                guard offset < bytes.count else { return nil }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "b"): raw.append(0x08)
                case UInt8(ascii: "f"): raw.append(0x0C)
                case UInt8(ascii: "n"): raw.append(0x0A)
                case UInt8(ascii: "r"): raw.append(0x0D)
                case UInt8(ascii: "t"): raw.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar), offset + 1 < bytes.count,
                        bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
                    {
                        offset += 2
                        guard let low = hex4() else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    raw += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                default: raw.append(escape)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = UInt32(String(UnicodeScalar(bytes[offset])), radix: 16) else { return nil }
                value = value << 4 | digit
                offset += 1
            }
            return value
        }
    }

    /// The path (under `prefix`) of the first key in `input` that `known` lacks, sorted by name.
    static func firstUnknown(in input: Shape, known: Shape, prefix: String) -> String? {
        switch (input, known) {
        case (.object(let given), .object(let expected)):
            for key in given.keys.sorted() {
                guard let value = given[key] else { continue }
                let path = prefix.isEmpty ? key : prefix + "." + key
                guard let counterpart = expected[key] else {
                    if case .null = value { continue }
                    return path
                }
                if let found = firstUnknown(in: value, known: counterpart, prefix: path) { return found }
            }
        case (.array(let given), .array(let expected)):
            for (index, (value, counterpart)) in zip(given, expected).enumerated() {
                if let found = firstUnknown(in: value, known: counterpart, prefix: prefix + "[\(index)]") {
                    return found
                }
            }
        default:
            break
        }
        return nil
    }

    /// Throws ``PayloadFieldError`` for the first key of `input` that `canonical` (the decoded
    /// payload encoded again) lacks.
    static func check(_ input: Shape, canonical: [UInt8], eventType: String, prefix: String) throws(PayloadFieldError) {
        guard let known = Shape.parse(canonical) else { return }
        if let path = firstUnknown(in: input, known: known, prefix: prefix) {
            throw PayloadFieldError(
                path: path, kind: .malformed,
                message:
                    "is not a field of \(eventType) (see Docs/events.md); misspelt or misplaced fields are refused, not dropped"
            )
        }
    }

    /// The check for payload bytes read through `JSONDecoder`.
    static func check(bytes: some Collection<UInt8>, decoded event: CareEvent) throws(PayloadFieldError) {
        guard let input = Shape.parse(bytes) else { return }
        try check(input, canonical: CareEventCodec.encode(event), eventType: event.type, prefix: "")
    }
}
