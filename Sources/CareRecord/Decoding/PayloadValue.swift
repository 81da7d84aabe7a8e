import EventLog

/// One payload field's value given as a typed value instead of JSON text (the mapped import
/// builds events straight from a row's cells). ``json`` is the JSON text the same value is
/// written as, so a field read either way decodes to the same thing.
package enum PayloadValue: Hashable, Sendable {
    /// A string.
    case text(String)
    /// A whole number.
    case integer(Int)
    /// A number with a fraction (a whole one is written as an integer, as in JSON).
    case number(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// An instant, written as its canonical ISO 8601 string.
    case timestamp(Timestamp)
    /// A list of strings.
    case list([String])

    /// The value as JSON text.
    package var json: String {
        switch self {
        case .text(let text): return JSONStringLiteral.of(text)
        case .integer(let value): return String(value)
        case .number(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .boolean(let value): return value ? "true" : "false"
        case .timestamp(let instant): return JSONStringLiteral.of(instant.iso8601)
        case .list(let items): return "[" + items.map(JSONStringLiteral.of).joined(separator: ",") + "]"
        }
    }
}
