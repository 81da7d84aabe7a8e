import CivilCalendar

/// The name of one stream of events, written `<kind>/<id>`: `person/P000123`, `complaint/C-2020-014`.
///
/// The kind groups streams of the same shape (people, complaints, staff…); the id is the
/// service's own reference. Names are limited to ``maximumLength`` UTF-8 bytes so that they
/// fit an LMDB key.
public struct StreamName: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The longest stream name accepted, in UTF-8 bytes.
    public static let maximumLength = 200

    /// The full name, `<kind>/<id>`.
    public let rawValue: String

    /// Parses and checks a stream name; `nil` when it is not of the form `<kind>/<id>`.
    ///
    /// The kind is lower-case letters, digits and `-`, starting with a letter; the id is
    /// letters, digits and `.`, `_`, `:`, `-`.
    public init?(_ text: String) {
        guard StreamName.isValid(text) else { return nil }
        self.rawValue = text
    }

    /// Builds `<kind>/<id>`; `nil` when either part is not allowed.
    public init?(kind: String, id: String) {
        self.init(kind + "/" + id)
    }

    /// The part before the `/`, e.g. `person`.
    public var kind: Substring { rawValue.prefix { $0 != "/" } }

    /// Whether the part before the `/` is `kind`, compared byte by byte without building it
    /// (the validator asks for every imported line).
    public func hasKind(_ kind: String) -> Bool {
        var name = rawValue.utf8.makeIterator()
        for byte in kind.utf8 {
            guard name.next() == byte else { return false }
        }
        return name.next() == 0x2F
    }

    /// The part after the `/`, e.g. `P000123`.
    public var id: Substring { rawValue.drop { $0 != "/" }.dropFirst() }

    /// The full name, ``rawValue``.
    public var description: String { rawValue }

    /// Order of the full names (byte order, as names are ASCII).
    public static func < (lhs: StreamName, rhs: StreamName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether `text` is an acceptable stream name. One pass over its UTF-8 bytes, without a copy
    /// (every imported line checks two names).
    public static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count <= maximumLength else { return false }
        var kindLength = 0
        var idLength = 0
        var inKind = true
        for c in bytes {
            if inKind {
                if c == 0x2F {
                    inKind = false
                    continue
                }
                let lower = c >= 0x61 && c <= 0x7A
                // The kind starts with a letter, then letters, digits and `-`.
                guard lower || (kindLength > 0 && ((c >= 0x30 && c <= 0x39) || c == 0x2D)) else { return false }
                kindLength += 1
            } else {
                let ok =
                    (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
                    || c == 0x2E || c == 0x5F || c == 0x3A || c == 0x2D
                if !ok { return false }
                idLength += 1
            }
        }
        return !inKind && kindLength > 0 && idLength > 0
    }

    /// Decodes the `<kind>/<id>` string form, rejecting invalid names.
    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(
            from: decoder, expecting: "stream must be <kind>/<id> (for example person/P000123)", { StreamName($0) })
    }

    /// Encodes as ``rawValue``.
    public func encode(to encoder: any Encoder) throws { try StringCoding.encode(rawValue, to: encoder) }
}
