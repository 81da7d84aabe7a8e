import Foundation

/// Finds keys in a payload's JSON that its type does not know, so that a misspelt or stray
/// field is refused with its path instead of being silently dropped by `Codable`.
///
/// The input's JSON tree is compared with the tree of the decoded value encoded again: a key
/// present in the input (with a non-null value) but absent from the encoding is unknown.
/// Applied to payloads at the type's current schema version (older versions are read by their
/// own types and upcast).
enum UnknownFieldCheck {
    /// The shape of a JSON value: objects and arrays with their members, anything else as a leaf.
    indirect enum Shape: Decodable {
        case object([String: Shape])
        case array([Shape])
        case null
        case leaf

        init(from decoder: any Decoder) throws {
            if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
                var members: [String: Shape] = [:]
                for key in keyed.allKeys { members[key.stringValue] = try keyed.decode(Shape.self, forKey: key) }
                self = .object(members)
            } else if var unkeyed = try? decoder.unkeyedContainer() {
                var elements: [Shape] = []
                while !unkeyed.isAtEnd { elements.append(try unkeyed.decode(Shape.self)) }
                self = .array(elements)
            } else {
                self = (try? decoder.singleValueContainer().decodeNil()) == true ? .null : .leaf
            }
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let decoder = JSONDecoder()

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

    /// Throws ``PayloadFieldError`` for the first unknown key of `input`, given `event` decoded from it.
    static func check(_ input: Shape, decoded event: CareEvent, prefix: String) throws(PayloadFieldError) {
        guard let known = try? decoder.decode(Shape.self, from: Data(CareEventCodec.encode(event))) else { return }
        if let path = firstUnknown(in: input, known: known, prefix: prefix) {
            throw PayloadFieldError(
                path: path, kind: .malformed,
                message:
                    "is not a field of \(event.type) (see Docs/events.md); misspelt or misplaced fields are refused, not dropped"
            )
        }
    }

    /// The check for payload bytes.
    static func check(bytes: Data, decoded event: CareEvent) throws(PayloadFieldError) {
        guard let input = try? decoder.decode(Shape.self, from: bytes) else { return }
        try check(input, decoded: event, prefix: "")
    }
}
