import EventLog

/// The fields of one flat payload as typed values, in any order, read by a ``FastDecodable``
/// decoder as it reads JSON. It hands a value over only where the JSON text of the same value
/// (``PayloadValue/json``) would give the decoder exactly that value, and refuses the rest
/// (``FlatJSONReader/NotHandled``), so the caller falls back to the JSON path for those.
package struct PayloadFieldsReader: FastPayloadReader {
    /// A field name.
    struct Key: FastPayloadKey {
        let name: String

        static func ~= (name: StaticString, key: Key) -> Bool {
            let count = name.utf8CodeUnitCount
            guard key.name.utf8.count == count else { return false }
            let expected = name.utf8Start
            var i = 0
            for byte in key.name.utf8 {
                guard expected[i] == byte else { return false }
                i += 1
            }
            return true
        }
    }

    private let fields: [(name: String, value: PayloadValue)]
    private var next = 0
    private var current: PayloadValue?

    /// A reader over `fields` (names as the payload's keys; none repeated).
    package init(_ fields: [(name: String, value: PayloadValue)]) { self.fields = fields }

    mutating func nextKey() throws(FlatJSONReader.NotHandled) -> Key? {
        guard next < fields.count else { return nil }
        defer { next += 1 }
        current = fields[next].value
        return Key(name: fields[next].name)
    }

    mutating func null() -> Bool { false }

    mutating func bool() throws(FlatJSONReader.NotHandled) -> Bool {
        guard case .boolean(let value)? = current else { throw FlatJSONReader.NotHandled() }
        return value
    }

    mutating func int() throws(FlatJSONReader.NotHandled) -> Int {
        switch current {
        case .integer(let value)?: return value
        case .number(let value)? where value == value.rounded() && abs(value) < 1e15: return Int(value)
        default: throw FlatJSONReader.NotHandled()
        }
    }

    mutating func double() throws(FlatJSONReader.NotHandled) -> Double {
        switch current {
        case .integer(let value)?: return Double(value)
        // A whole number is written without a fraction (`-0.0` as `0`), and read back as such.
        case .number(let value)? where value == value.rounded() && abs(value) < 1e15: return Double(Int(value))
        case .number(let value)?: return value
        default: throw FlatJSONReader.NotHandled()
        }
    }

    mutating func string() throws(FlatJSONReader.NotHandled) -> String {
        switch current {
        case .text(let text)?: return text
        case .timestamp(let instant)?: return instant.iso8601
        default: throw FlatJSONReader.NotHandled()
        }
    }

    mutating func stringArray() throws(FlatJSONReader.NotHandled) -> [String] {
        guard case .list(let items)? = current else { throw FlatJSONReader.NotHandled() }
        return items
    }

    mutating func timestamp() throws(FlatJSONReader.NotHandled) -> Timestamp {
        switch current {
        case .timestamp(let instant)?: return instant
        case .text(let text)?:
            guard let instant = Timestamp(iso8601: text) else { throw FlatJSONReader.NotHandled() }
            return instant
        default: throw FlatJSONReader.NotHandled()
        }
    }
}
