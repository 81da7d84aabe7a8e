import Foundation

/// The tags and text of an XML document fed piece by piece: what the parts of a workbook need
/// (elements, attributes, text with the five entities and character references), holding only
/// the bytes not yet scanned. Comments, processing instructions and declarations are skipped.
struct XMLPieceScanner {
    /// A tag or the text between two tags. Names are local (a namespace prefix dropped).
    enum Token {
        case start(name: String, attributes: [String: String], selfClosing: Bool)
        case end(name: String)
        case text(String)
    }

    private var buffer: [UInt8] = []
    private var position = 0

    /// Adds the next piece of the document.
    mutating func feed(_ piece: Data) {
        if position > 0 && position * 2 >= buffer.count {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: piece)
    }

    /// The next complete token, or `nil` when the bytes fed so far end before one does.
    mutating func next() -> Token? {
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
                return .end(name: Self.localName(String(decoding: inner.dropFirst(), as: UTF8.self)))
            }
            return Self.startTag(inner)
        }
        return nil
    }

    /// The `>` that ends the tag starting before `start` (quotes in attribute values skipped).
    private func closingBracket(from start: Int) -> Int? {
        var quote: UInt8?
        var index = start
        while index < buffer.count {
            let byte = buffer[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func startTag(_ inner: ArraySlice<UInt8>) -> Token {
        var body = inner
        let selfClosing = body.last == UInt8(ascii: "/")
        if selfClosing { body = body.dropLast() }
        let nameEnd = body.firstIndex { isSpace($0) } ?? body.endIndex
        let name = localName(String(decoding: body[..<nameEnd], as: UTF8.self))
        var attributes: [String: String] = [:]
        var rest = body[nameEnd...]
        while true {
            rest = rest.drop { isSpace($0) }
            guard let equals = rest.firstIndex(of: UInt8(ascii: "=")) else { break }
            let key = String(decoding: rest[..<equals], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            var afterEquals = rest[(equals + 1)...].drop { isSpace($0) }
            guard let quote = afterEquals.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                break
            }
            afterEquals = afterEquals.dropFirst()
            guard let end = afterEquals.firstIndex(of: quote) else { break }
            attributes[localName(key)] = decoded(afterEquals[..<end])
            rest = afterEquals[(end + 1)...]
        }
        return .start(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// `x:row` → `row`.
    private static func localName(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.lastIndex(of: ":") else { return trimmed }
        return String(trimmed[trimmed.index(after: colon)...])
    }

    /// Text with `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#…;` references replaced.
    static func decoded(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var text = ""
        var rest = Substring(String(decoding: bytes, as: UTF8.self))
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
