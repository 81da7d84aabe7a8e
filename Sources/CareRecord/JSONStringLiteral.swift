/// JSON string literals as RFC 8259 §7 writes them: the quotation mark, the reverse solidus and
/// control characters escaped (with the two-character forms where JSON has one), every other
/// character as it is. One writer for NDJSON lines and JSON reports alike.
package enum JSONStringLiteral {
    /// Appends `text` as a JSON string literal, quotes included, to `out`.
    package static func append(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// `text` as a JSON string literal, quotes included.
    package static func of(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }
}
