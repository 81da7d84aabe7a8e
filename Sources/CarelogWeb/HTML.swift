/// A piece of markup that is safe to place in a page: text only reaches it through
/// ``HTML/text(_:)``, which escapes `&`, `<`, `>`, `"` and `'`, so a value read from the log or a
/// query can never open a tag or end an attribute.
package struct HTML: Hashable, Sendable {
    /// The markup.
    package private(set) var markup: String

    /// Markup written by this module (tags and attribute names; never user or log text).
    package init(raw markup: String) { self.markup = markup }

    /// Text, escaped for element content and quoted attribute values.
    package static func text(_ text: String) -> HTML { HTML(raw: escape(text)) }

    /// Nothing.
    package static let empty = HTML(raw: "")

    /// `text` with the five characters HTML treats specially replaced by entities.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The pieces one after another.
    package static func joined(_ parts: [HTML], separator: String = "\n") -> HTML {
        HTML(raw: parts.map(\.markup).joined(separator: separator))
    }

    /// This markup followed by `other`.
    package static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(raw: lhs.markup + rhs.markup) }
}
