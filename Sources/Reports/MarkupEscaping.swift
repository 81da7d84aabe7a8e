/// Escapes text scalar by scalar for HTML or Markdown: each scalar the language needs replaced is
/// replaced, and each line break (CR, LF or CRLF) becomes one `lineBreak`.
enum MarkupEscaping {
    /// `text` with `replacement(scalar)` for every scalar it names and `lineBreak` for each line
    /// break; other scalars unchanged.
    static func escape(
        _ text: String, lineBreak: String, replacing replacement: (Unicode.Scalar) -> String?
    ) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\r": out += lineBreak
            case "\n": if !previousWasCR { out += lineBreak }
            default:
                if let replaced = replacement(scalar) {
                    out += replaced
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// The entity for the characters HTML and Markdown both escape (`&`, `<`, `>`).
    static func entity(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "&": "&amp;"
        case "<": "&lt;"
        case ">": "&gt;"
        default: nil
        }
    }
}
