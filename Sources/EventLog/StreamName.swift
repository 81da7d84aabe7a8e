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
    /// ``NameHash`` of the name's bytes, computed once when the name is parsed or built (an
    /// imported line's stream, a name it refers to): a table of names (an import's streams, an
    /// append's versions) hashes this word, not the name, and two names with different hashes
    /// are unequal without comparing their bytes. 0 for a name read from the store
    /// (``init(validating:)``, made per event by a replay that never hashes most of them), whose
    /// hash is computed when asked.
    private let hashCode: UInt64

    /// Parses and checks a stream name; `nil` when it is not of the form `<kind>/<id>`.
    ///
    /// The kind is lower-case letters, digits and `-`, starting with a letter; the id is
    /// letters, digits and `.`, `_`, `:`, `-`.
    public init?(_ text: String) {
        var text = text
        guard
            let hashCode = text.withUTF8({
                Self.isValid(UnsafeRawBufferPointer($0)) ? NameHash.hash(UnsafeRawBufferPointer($0)) : nil
            })
        else { return nil }
        self.rawValue = text
        self.hashCode = hashCode
    }

    /// Builds `<kind>/<id>`; `nil` when either part is not allowed.
    public init?(kind: String, id: String) {
        // Written once into a string of the right size (`kind + "/" + id` built two, and the
        // validator asks for each stream a line refers to), each part copied at once and the
        // name checked in the new string's own bytes (iterating the parts' UTF-8 views and
        // checking the finished string again cost about a thousand instructions a name).
        var kind = kind
        var id = id
        let length = kind.utf8.count + 1 + id.utf8.count
        guard length <= Self.maximumLength else { return nil }
        var valid = false
        var hashCode: UInt64 = 0
        let text = kind.withUTF8 { kindBytes in
            id.withUTF8 { idBytes in
                String(unsafeUninitializedCapacity: length) { buffer in
                    let name = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[..<length])
                    name.copyMemory(from: UnsafeRawBufferPointer(kindBytes))
                    name[kindBytes.count] = 0x2F
                    UnsafeMutableRawBufferPointer(rebasing: name[(kindBytes.count + 1)...])
                        .copyMemory(from: UnsafeRawBufferPointer(idBytes))
                    valid = Self.isValid(UnsafeRawBufferPointer(name))
                    if valid { hashCode = NameHash.hash(UnsafeRawBufferPointer(name)) }
                    return length
                }
            }
        }
        guard valid else { return nil }
        self.rawValue = text
        self.hashCode = hashCode
    }

    /// The part before the `/`, e.g. `person`.
    public var kind: Substring {
        // By UTF-8 code unit, not by Character: names are ASCII, and a fold asks for this per event.
        rawValue[..<(rawValue.utf8.firstIndex(of: 0x2F) ?? rawValue.endIndex)]
    }

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
    public var id: Substring {
        guard let slash = rawValue.utf8.firstIndex(of: 0x2F) else { return rawValue[rawValue.endIndex...] }
        return rawValue[rawValue.utf8.index(after: slash)...]
    }

    /// ``id`` as a `String`, made straight from the name's bytes (names are ASCII): a fold that
    /// keys its tables by id asks for this per event, and `String(id)` first found the `/` by
    /// a generic scan and then checked the bytes of the substring again.
    package var idString: String {
        var name = rawValue
        return name.withUTF8 { bytes in
            guard let slash = bytes.firstIndex(of: 0x2F) else { return "" }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[(slash + 1)...]), as: UTF8.self)
        }
    }

    /// The full name, ``rawValue``.
    public var description: String { rawValue }

    /// Whether two names are the same: their hashes first when both are known, then their bytes.
    public static func == (lhs: StreamName, rhs: StreamName) -> Bool {
        if lhs.hashCode != 0, rhs.hashCode != 0, lhs.hashCode != rhs.hashCode { return false }
        return lhs.rawValue == rhs.rawValue
    }

    /// Feeds the name's ``NameHash`` (equal names have equal hashes), not its bytes.
    public func hash(into hasher: inout Hasher) { hasher.combine(keyedHash) }

    /// The name's hash for a table seeded with `seed`, without a `Hasher`: the name's
    /// ``NameHash``, which is already keyed per process, mixed with the seed.
    public func _rawHashValue(seed: Int) -> Int { NameHash.tableHash(keyedHash, seed: seed) }

    /// ``NameHash`` of the name (kept, or computed now for a name read from the store), for a
    /// table of names that is not a `Dictionary` or `Set` (an import's filter of forgotten streams).
    package var keyedHash: UInt64 {
        if hashCode != 0 { return hashCode }
        var name = rawValue
        return name.withUTF8 { NameHash.hash(UnsafeRawBufferPointer($0)) }
    }

    /// Order of the full names (byte order, as names are ASCII).
    public static func < (lhs: StreamName, rhs: StreamName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether `text` is an acceptable stream name.
    public static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValid(UnsafeRawBufferPointer($0)) }
    }

    /// Parses a stream name from its UTF-8 bytes (a stored event's, borrowed), checking them
    /// before making the one string; `nil` when they are not an acceptable stream name.
    package init?(validating bytes: UnsafeRawBufferPointer) {
        guard StreamName.isValid(bytes) else { return nil }
        self.rawValue = String(decoding: bytes, as: UTF8.self)
        self.hashCode = 0
    }

    /// Whether `bytes` spell an acceptable stream name (ASCII only, so any UTF-8 check is implied).
    package static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count <= maximumLength, let slash = bytes.firstIndex(of: 0x2F) else { return false }
        let kind = bytes[..<slash]
        let id = bytes[(slash + 1)...]
        guard let first = kind.first, first >= 0x61, first <= 0x7A, !id.isEmpty else { return false }
        for c in kind where !((c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D) {
            return false
        }
        return isValidID(UnsafeRawBufferPointer(rebasing: id))
    }

    /// Whether `id` may follow a one-letter kind in a name (`x/<id>`): what
    /// `StreamName(kind: "x", id: id) != nil` says, without making the name.
    package static func isValidID(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { bytes in
            bytes.count + 2 <= maximumLength && !bytes.isEmpty && isValidID(UnsafeRawBufferPointer(bytes))
        }
    }

    /// Whether every byte of `id` is allowed in the part after the `/`.
    private static func isValidID(_ id: UnsafeRawBufferPointer) -> Bool {
        for c in id {
            let ok =
                (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
                || c == 0x2E || c == 0x5F || c == 0x3A || c == 0x2D
            if !ok { return false }
        }
        return true
    }

    /// Decodes the `<kind>/<id>` string form, rejecting invalid names.
    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(
            from: decoder, expecting: "stream must be <kind>/<id> (for example person/P000123)", { StreamName($0) })
    }

    /// Encodes as ``rawValue``.
    public func encode(to encoder: any Encoder) throws { try StringCoding.encode(rawValue, to: encoder) }
}
