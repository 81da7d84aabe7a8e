import Foundation

/// The tags and text of an XML document fed piece by piece: what the parts of a workbook need
/// (elements, attributes, text with the five entities and character references), holding only
/// the bytes not yet scanned. Comments, processing instructions and declarations are skipped.
///
/// A tag's attributes are not decoded when it is scanned: ``Attributes`` holds the tag's bytes
/// and reads the one asked for (a sheet asks for two of a cell's). Names and plain ASCII text are
/// read from the bytes without Foundation; anything else takes the general path, with the same
/// result (test `XMLPieceScannerTests`).
package struct XMLPieceScanner {
    /// A tag or the text between two tags. Names are local (a namespace prefix dropped).
    package enum Token {
        case start(name: String, attributes: Attributes, selfClosing: Bool)
        case end(name: String)
        case text(String)
    }

    /// The attributes of a start tag, read when asked for: `attributes["r"]`. A name given twice
    /// reads as its last value; the attributes end at the first one that is not `name="value"`.
    package struct Attributes {
        /// The tag's bytes after its name.
        fileprivate let bytes: ArraySlice<UInt8>

        /// The value of the attribute whose local name is `name`, decoded; `nil` when there is none.
        package subscript(name: String) -> String? {
            var found: Range<Int>?
            walk { key, value in
                if XMLPieceScanner.localName(of: bytes[key], equals: name) { found = value }
            }
            return found.map { XMLPieceScanner.decoded(bytes[$0]) }
        }

        /// The values of two attributes, read in one pass over the tag (`("r", "t")` of a cell).
        package func values(_ first: String, _ second: String) -> (String?, String?) {
            var found: (Range<Int>?, Range<Int>?)
            walk { key, value in
                if XMLPieceScanner.localName(of: bytes[key], equals: first) { found.0 = value }
                if XMLPieceScanner.localName(of: bytes[key], equals: second) { found.1 = value }
            }
            return (
                found.0.map { XMLPieceScanner.decoded(bytes[$0]) }, found.1.map { XMLPieceScanner.decoded(bytes[$0]) }
            )
        }

        /// Every attribute by local name, decoded (the last value of a name given twice).
        package var all: [String: String] {
            var attributes: [String: String] = [:]
            walk { key, value in
                attributes[XMLPieceScanner.localName(XMLPieceScanner.attributeKey(bytes[key]))] =
                    XMLPieceScanner.decoded(bytes[value])
            }
            return attributes
        }

        /// Calls `body` with the byte ranges of each attribute's key (untrimmed) and value, in order.
        private func walk(_ body: (Range<Int>, Range<Int>) -> Void) {
            var rest = bytes[...]
            while true {
                rest = rest.drop { XMLPieceScanner.isSpace($0) }
                guard let equals = rest.firstIndex(of: UInt8(ascii: "=")) else { break }
                let key = rest.startIndex..<equals
                var afterEquals = rest[(equals + 1)...].drop { XMLPieceScanner.isSpace($0) }
                guard let quote = afterEquals.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'")
                else { break }
                afterEquals = afterEquals.dropFirst()
                guard let end = afterEquals.firstIndex(of: quote) else { break }
                body(key, afterEquals.startIndex..<end)
                rest = afterEquals[(end + 1)...]
            }
        }
    }

    private var buffer: [UInt8] = []
    private var position = 0

    package init() {}

    /// Adds the next piece of the document.
    package mutating func feed(_ piece: Data) {
        if position > 0 && position * 2 >= buffer.count {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: piece)
    }

    /// The next complete token, or `nil` when the bytes fed so far end before one does.
    package mutating func next() -> Token? {
        while position < buffer.count {
            if buffer[position] != UInt8(ascii: "<") {
                guard let open = buffer[position...].firstIndex(of: UInt8(ascii: "<")) else { return nil }
                let text = Self.decoded(buffer[position..<open])
                position = open
                return .text(text)
            }
            guard let close = closingBracket(from: position + 1) else { return nil }
            let inner = buffer[(position + 1)..<close]
            position = close + 1
            guard let first = inner.first else { continue }
            if first == UInt8(ascii: "?") || first == UInt8(ascii: "!") { continue }
            if first == UInt8(ascii: "/") {
                return .end(name: Self.localName(inner.dropFirst()))
            }
            return Self.startTag(inner)
        }
        return nil
    }

    /// The `>` that ends the tag starting before `start` (quotes in attribute values skipped).
    private func closingBracket(from start: Int) -> Int? {
        buffer.withUnsafeBufferPointer { bytes -> Int? in
            var quote: UInt8 = 0
            var index = start
            while index < bytes.count {
                let byte = bytes[index]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    return index
                }
                index += 1
            }
            return nil
        }
    }

    private static func startTag(_ inner: ArraySlice<UInt8>) -> Token {
        var body = inner
        let selfClosing = body.last == UInt8(ascii: "/")
        if selfClosing { body = body.dropLast() }
        let nameEnd = body.firstIndex { isSpace($0) } ?? body.endIndex
        return .start(
            name: localName(body[..<nameEnd]), attributes: Attributes(bytes: body[nameEnd...]),
            selfClosing: selfClosing)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Space or tab: the ASCII members of `CharacterSet.whitespaces`.
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }

    /// The bytes of a name without the spaces and tabs at its ends and without its namespace
    /// prefix (`x:row` → `row`), when the name is ASCII (`nil` otherwise: Foundation decides).
    private static func asciiLocalName(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var trimmed = bytes.drop(while: isBlank)
        while let last = trimmed.last, isBlank(last) { trimmed = trimmed.dropLast() }
        guard let colon = trimmed.lastIndex(of: UInt8(ascii: ":")) else { return trimmed }
        return trimmed[(colon + 1)...]
    }

    /// `x:row` → `row` (spaces and tabs at the ends dropped first).
    private static func localName(_ bytes: ArraySlice<UInt8>) -> String {
        if let local = asciiLocalName(bytes) { return string(local) }
        return localName(string(bytes))
    }

    /// Whether the key bytes of an attribute name `name` once trimmed and without their prefix.
    fileprivate static func localName(of key: ArraySlice<UInt8>, equals name: String) -> Bool {
        if let local = asciiLocalName(key) { return local.elementsEqual(name.utf8) }
        return localName(attributeKey(key)) == name
    }

    /// An attribute's key as text, trimmed of white space (Foundation's `.whitespaces`).
    fileprivate static func attributeKey(_ key: ArraySlice<UInt8>) -> String {
        string(key).trimmingCharacters(in: .whitespaces)
    }

    /// `x:row` → `row`.
    private static func localName(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.lastIndex(of: ":") else { return trimmed }
        return String(trimmed[trimmed.index(after: colon)...])
    }

    /// The bytes as text (invalid UTF-8 repaired), read from contiguous memory.
    private static func string(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    /// Text with `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#…;` references replaced.
    static func decoded(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return string(bytes) }
        var text = ""
        var rest = Substring(string(bytes))
        while let amp = rest.firstIndex(of: "&") {
            text += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "lt": text += "<"
            case "gt": text += ">"
            case "amp": text += "&"
            case "quot": text += "\""
            case "apos": text += "'"
            default:
                var scalar: Unicode.Scalar?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
                }
                if let scalar { text.unicodeScalars.append(scalar) } else { text += rest[amp...semicolon] }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return text + rest
    }
}
