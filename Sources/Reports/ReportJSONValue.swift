import CareRecord

/// A JSON value with a canonical, deterministic spelling: objects print with their keys sorted
/// by Unicode code point, two-space indentation and `": "` after keys; strings escape only `"`,
/// `\` and control characters (everything else is written as UTF-8); numbers are written from
/// integers or from a preformatted decimal, never through floating point.
indirect enum ReportJSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    /// A number already spelled as JSON, e.g. `90.0` (from integer arithmetic).
    case decimal(String)
    case string(String)
    case array([ReportJSONValue])
    case object([String: ReportJSONValue])

    /// The value pretty-printed, starting at `indent` levels, without a trailing newline.
    func written(indent: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: indent)
        return out
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .integer(let value): out += String(value)
        case .unsigned(let value): out += String(value)
        case .decimal(let value): out += value
        case .string(let value): JSONStringLiteral.append(value, to: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += ReportJSONValue.spaces(indent + 1)
                item.write(into: &out, indent: indent + 1)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += ReportJSONValue.spaces(indent) + "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            let sorted = members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
            out += "{\n"
            for (index, member) in sorted.enumerated() {
                out += ReportJSONValue.spaces(indent + 1)
                JSONStringLiteral.append(member.key, to: &out)
                out += ": "
                member.value.write(into: &out, indent: indent + 1)
                out += index == sorted.count - 1 ? "\n" : ",\n"
            }
            out += ReportJSONValue.spaces(indent) + "}"
        }
    }

    private static func spaces(_ level: Int) -> String { String(repeating: "  ", count: level) }
}
