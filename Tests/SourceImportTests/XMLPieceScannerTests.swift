import Foundation
import SourceImport
import Testing

/// The XML scanner of workbook parts reads tags lazily and names without Foundation; these tests
/// hold it to the scanner it replaced, token by token, on hostile documents fed in pieces of
/// every size (so tags, entities and characters are cut across pieces).
@Suite struct XMLPieceScannerTests {
    /// Documents a workbook part may hold, good and bad.
    static let documents: [String] = [
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="m"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12.5</v></c></row></sheetData></worksheet>"#,
        #"<x:worksheet xmlns:x="m"><x:sheetData><x:row r="2" spans="1:3"><x:c r="C2" t="inlineStr"><x:is><x:t>P&#49;01</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"#,
        #"<row   r = "3"  ><c r='A3' t='str'><f>SUM(A1:A2)</f><v>3</v></c><c r="B3"/><c/></row >"#,
        #"<c r="A4" x:r="Z9" r="B4" t="s" t="n"><v>1</v></c>"#,
        #"<c note="a > b" r="A5"><v>&lt;&gt;&amp;&quot;&apos;&#x41;&#X42;&#67;&unknown;&#xZZ;&#;</v></c>"#,
        #"<c r="A6" broken t="s"><v>x</v></c><c r=A7 t="s"><v>y</v></c><c r="A8" t="s><v>z</v></c>"#,
        "<c\tr=\"A9\"\n t=\"s\"\r\n><v>text with\nlines &amp no semicolon</v></c>",
        "<row r=\"10\"><c r\n=\"A10\"><v>1</v></c><c \u{00A0}r\u{00A0}=\"B10\"><v>2</v></c><c r\t=\"C10\"><v>3</v></c></row>",
        "<rôw r=\"11\"><c é=\"1\" r=\"A11\"><v>café ☕</v></c></rôw><x:\u{2003}row></x:\u{2003}row>",
        "<!-- a comment --><!DOCTYPE x><![CDATA[<c r=\"Z1\">]]><?pi data?><row r=\"12\"></row>",
        "<></ ><//><row/><row r=\"13\"/>  \n  <si><t xml:space=\"preserve\"> padded </t><rPh><t>ruby</t></rPh></si>",
        "<c r=\"A14\">unterminated",
    ]

    /// A token as comparable text.
    static func describe(_ token: XMLPieceScanner.Token) -> String {
        switch token {
        case .start(let name, let attributes, let selfClosing):
            "start \(name) \(attributes.all.sorted { $0.key < $1.key }) \(selfClosing)"
        case .end(let name): "end \(name)"
        case .text(let text): "text \(text)"
        }
    }

    fileprivate static func describe(_ token: ReferenceXMLScanner.Token) -> String {
        switch token {
        case .start(let name, let attributes, let selfClosing):
            "start \(name) \(attributes.sorted { $0.key < $1.key }) \(selfClosing)"
        case .end(let name): "end \(name)"
        case .text(let text): "text \(text)"
        }
    }

    /// Every token of `bytes` fed in pieces of `size`, with the values of `r` and `t` as a sheet reads them.
    static func tokens(_ bytes: [UInt8], size: Int) -> [String] {
        var scanner = XMLPieceScanner()
        var out: [String] = []
        var start = 0
        while start < bytes.count {
            scanner.feed(Data(bytes[start..<min(start + size, bytes.count)]))
            start += size
            while let token = scanner.next() {
                out.append(describe(token))
                if case .start(_, let attributes, _) = token {
                    let (r, t) = attributes.values("r", "t")
                    out.append("r=\(r ?? "-") t=\(t ?? "-") \(attributes["r"] ?? "-") \(attributes["t"] ?? "-")")
                }
            }
        }
        return out
    }

    fileprivate static func referenceTokens(_ bytes: [UInt8], size: Int) -> [String] {
        var scanner = ReferenceXMLScanner()
        var out: [String] = []
        var start = 0
        while start < bytes.count {
            scanner.feed(Data(bytes[start..<min(start + size, bytes.count)]))
            start += size
            while let token = scanner.next() {
                out.append(describe(token))
                if case .start(_, let attributes, _) = token {
                    let (r, t) = (attributes["r"], attributes["t"])
                    out.append("r=\(r ?? "-") t=\(t ?? "-") \(r ?? "-") \(t ?? "-")")
                }
            }
        }
        return out
    }

    @Test(arguments: documents.indices)
    func tokensAndAttributesEqualThoseOfTheScannerItReplaced(_ index: Int) {
        let bytes = Array(Self.documents[index].utf8)
        let whole = Self.referenceTokens(bytes, size: bytes.count)
        #expect(!whole.isEmpty)
        for size in [1, 2, 3, 5, 7, 13, 64, bytes.count] {
            #expect(Self.tokens(bytes, size: size) == Self.referenceTokens(bytes, size: size), "pieces of \(size)")
            #expect(Self.tokens(bytes, size: size) == whole, "pieces of \(size)")
        }
    }

    @Test func invalidUTF8IsRepairedAsBefore() {
        var bytes = Array(#"<c r="A"#.utf8) + [0xFF] + Array(#"1" t="s"><v>"#.utf8) + [0xC3] + Array("</v></c>".utf8)
        bytes += [0x3C, 0xE2, 0x82, 0x3E, 0x3C, 0x2F, 0xE2, 0x82, 0x3E]
        for size in [1, 4, bytes.count] {
            #expect(Self.tokens(bytes, size: size) == Self.referenceTokens(bytes, size: size))
        }
    }
}

/// The scanner as it was before tags were read lazily (wave 10): every attribute decoded into a
/// dictionary and names trimmed by Foundation. The oracle the scanner is compared with.
private struct ReferenceXMLScanner {
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
