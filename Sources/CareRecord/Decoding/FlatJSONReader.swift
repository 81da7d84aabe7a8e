import CareCalendar
import EventLog

/// A small, allocation-light reader for one flat JSON object: the payload shape
/// ``CareEventCodec/encode(payload:)`` writes for the hot event types.
///
/// It walks the top-level object's key/value pairs in order. The caller asks for each value in
/// the type it expects (``string()``, ``int()``, ``bool()``, ``double()``, ``stringArray()``,
/// ``null()``, ``timestamp()``, ``value(_:)``). Keys are handed out as raw bytes
/// (``Key``) and compared without building a `String`; only values the caller keeps become
/// Strings.
///
/// Anything outside the narrow subset it understands throws ``NotHandled`` — a nested object, an
/// array of anything but strings, a number with a fraction where a whole number is wanted, an
/// escape in a key, invalid UTF-8, a lone surrogate, a control character, trailing bytes. The
/// caller then decodes the payload with `JSONDecoder`, which gives the answer or the error. So the
/// reader never has to be right about the rare cases, only about refusing them. Duplicate keys
/// are caught by the caller's ``FastField``s (every key the fast decoders know is a field;
/// every other key is refused).
///
/// The reader borrows the bytes: use it only inside `withUnsafeBytes`.
struct FlatJSONReader: FastPayloadReader {
    /// The bytes are not something this reader handles; decode them with `JSONDecoder` instead.
    struct NotHandled: Error {}

    /// A key's bytes between its quotes (a key holding an escape is refused, so these are the key).
    struct Key: FastPayloadKey {
        /// The raw UTF-8 bytes.
        let bytes: UnsafeBufferPointer<UInt8>

        /// Matches a key against a literal field name byte for byte, so a `switch` over keys
        /// reads like a `switch` over strings and allocates nothing.
        static func ~= (name: StaticString, key: Key) -> Bool {
            let count = key.bytes.count
            guard name.utf8CodeUnitCount == count else { return false }
            let expected = name.utf8Start
            for i in 0..<count where expected[i] != key.bytes[i] { return false }
            return true
        }
    }

    private let input: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Whether the next key is the object's first (no comma before it).
    private var atFirstKey = true
    /// The keys whose text the caller reads; nil: every key. Text under any other key is checked
    /// and left unread (``string()`` gives "", ``stringArray()`` gives `[]`). Borrowed, as the
    /// bytes are: an array here was retained and released for every key read.
    private let kept: UnsafeBufferPointer<[UInt8]>?
    /// Whether the value under the current key is text the caller does not read.
    private var skippingText = false

    /// A reader over `bytes`, which must outlive it; with `keeping`, text values under any other
    /// key are checked (plain printable ASCII, else ``NotHandled``) but not read.
    init(_ bytes: UnsafeRawBufferPointer, keeping kept: UnsafeBufferPointer<[UInt8]>? = nil) {
        input = bytes.assumingMemoryBound(to: UInt8.self)
        self.kept = kept
    }

    // MARK: Structure

    /// Reads the opening brace of the top-level object.
    mutating func beginObject() throws(NotHandled) {
        skipWhitespace()
        try expect(ASCII.openBrace)
    }

    /// The next key, with the reader placed at its value; `nil` after the closing brace, once
    /// the reader has checked that nothing but whitespace follows it.
    mutating func nextKey() throws(NotHandled) -> Key? {
        skipWhitespace()
        if peek() == ASCII.closeBrace {
            // A closing brace right after `{` or after a value (never after a comma).
            position += 1
            skipWhitespace()
            guard position == input.count else { throw NotHandled() }
            return nil
        }
        if atFirstKey {
            atFirstKey = false
        } else {
            try expect(ASCII.comma)
            skipWhitespace()
        }
        try expect(ASCII.quote)
        let start = position
        while true {
            guard position < input.count else { throw NotHandled() }
            let byte = input[position]
            if byte == ASCII.quote { break }
            // An escaped key or a control character: not a key a fast decoder knows.
            guard byte != ASCII.backslash, byte >= 0x20 else { throw NotHandled() }
            position += 1
        }
        let key = Key(bytes: UnsafeBufferPointer(rebasing: input[start..<position]))
        if let kept {
            let name = UnsafeRawBufferPointer(key.bytes)
            skippingText = true
            for index in kept.indices where name.sameBytes(as: kept[index]) {
                skippingText = false
                break
            }
        }
        position += 1
        skipWhitespace()
        try expect(ASCII.colon)
        skipWhitespace()
        return key
    }

    // MARK: Values

    /// Consumes `null` if it is the next value.
    mutating func null() -> Bool {
        guard matches("null") else { return false }
        position += 4
        return true
    }

    /// `true` or `false`.
    mutating func bool() throws(NotHandled) -> Bool {
        if matches("true") {
            position += 4
            return true
        }
        if matches("false") {
            position += 5
            return false
        }
        throw NotHandled()
    }

    /// A whole number written without fraction or exponent (`0`, `42`, `-7`) that fits an `Int`.
    /// `-0`, `1.0` and `1e2` are refused (JSONDecoder decides those).
    mutating func int() throws(NotHandled) -> Int {
        let negative = peek() == ASCII.minus
        if negative { position += 1 }
        guard let first = digit(at: position) else { throw NotHandled() }
        position += 1
        var magnitude = UInt64(first)
        if first == 0 {
            guard !negative else { throw NotHandled() }
        } else {
            while let d = digit(at: position) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(d))
                guard !o1, !o2 else { throw NotHandled() }
                magnitude = sum
                position += 1
            }
        }
        // A fraction, an exponent or a leading zero: not a plain whole number.
        if let next = peek(),
            next == ASCII.dot || next == ASCII.lowerE || next == ASCII.upperE || digit(at: position) != nil
        {
            throw NotHandled()
        }
        if negative {
            guard magnitude <= UInt64(Int.max) + 1 else { throw NotHandled() }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { throw NotHandled() }
        return Int(magnitude)
    }

    /// A JSON number as a `Double`. Refuses results that are not finite or that underflow to
    /// zero from non-zero digits, where JSONDecoder's own rules decide.
    mutating func double() throws(NotHandled) -> Double {
        let start = position
        var nonZeroDigit = false
        if peek() == ASCII.minus { position += 1 }
        guard let first = digit(at: position) else { throw NotHandled() }
        position += 1
        nonZeroDigit = first != 0
        if first != 0 {
            while let d = digit(at: position) {
                nonZeroDigit = nonZeroDigit || d != 0
                position += 1
            }
        }
        if peek() == ASCII.dot {
            position += 1
            guard digit(at: position) != nil else { throw NotHandled() }
            while let d = digit(at: position) {
                nonZeroDigit = nonZeroDigit || d != 0
                position += 1
            }
        }
        if let e = peek(), e == ASCII.lowerE || e == ASCII.upperE {
            position += 1
            if let sign = peek(), sign == ASCII.plus || sign == ASCII.minus { position += 1 }
            guard digit(at: position) != nil else { throw NotHandled() }
            while digit(at: position) != nil { position += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite, value != 0 || !nonZeroDigit else { throw NotHandled() }
        return value
    }

    /// A JSON string. Escapes are decoded (`\uD83D\uDE00` pairs included); a lone surrogate,
    /// an unescaped control character or invalid UTF-8 is refused. Under a key the caller does
    /// not read (see ``init(_:keeping:)``): "" for plain printable ASCII, anything else refused.
    mutating func string() throws(NotHandled) -> String {
        if skippingText {
            guard plainString() != nil else { throw NotHandled() }
            return ""
        }
        return try text()
    }

    /// A JSON string, read whatever the key (vocabulary values and instants are always read).
    private mutating func text() throws(NotHandled) -> String {
        try expect(ASCII.quote)
        let start = position
        var ascii = true
        while true {
            guard position < input.count else { throw NotHandled() }
            let byte = input[position]
            if byte == ASCII.quote { break }
            if byte == ASCII.backslash { return try escapedString(from: start) }
            guard byte >= 0x20 else { throw NotHandled() }
            if byte >= 0x80 { ascii = false }
            position += 1
        }
        let raw = UnsafeBufferPointer(rebasing: input[start..<position])
        position += 1
        if ascii { return String(decoding: raw, as: UTF8.self) }
        guard let text = String(validating: raw, as: UTF8.self) else { throw NotHandled() }
        return text
    }

    /// A JSON array of strings (possibly empty); `[]` under a key the caller does not read.
    mutating func stringArray() throws(NotHandled) -> [String] {
        var elements: [String] = []
        try array { reader throws(NotHandled) in
            let element = try reader.string()
            if !reader.skippingText { elements.append(element) }
        }
        return elements
    }

    /// A JSON array (possibly empty): `element` reads each element, the reader standing at its
    /// first byte.
    @inline(__always)
    private mutating func array(_ element: (inout Self) throws(NotHandled) -> Void) throws(NotHandled) {
        try expect(ASCII.openBracket)
        skipWhitespace()
        if peek() == ASCII.closeBracket {
            position += 1
            return
        }
        while true {
            try element(&self)
            skipWhitespace()
            if peek() == ASCII.closeBracket {
                position += 1
                return
            }
            try expect(ASCII.comma)
            skipWhitespace()
        }
    }

    /// A ``Timestamp`` written as a string. The canonical `YYYY-MM-DDTHH:MM:SS.sssZ` is parsed
    /// from the bytes; any other spelling goes through `Timestamp(iso8601:)`, as `Codable` does.
    mutating func timestamp() throws(NotHandled) -> Timestamp {
        let start = position
        if let raw = plainString(), let instant = Timestamp(canonicalUTF8: raw) { return instant }
        position = start
        guard let instant = Timestamp(iso8601: try text()) else { throw NotHandled() }
        return instant
    }

    /// A value of a closed vocabulary, by its raw string (as ``CatalogueEnum`` decodes it).
    mutating func value<E: CatalogueEnum>(_ type: E.Type) throws(NotHandled) -> E {
        guard let value = E(rawValue: try text()) else { throw NotHandled() }
        return value
    }

    /// A value of a closed vocabulary among `spellings`: a plain string (no escapes) is matched
    /// by its bytes, any other spelling read as ``value(_:)`` reads it. Matching the bytes
    /// spares the `String` and the `switch` over raw values that `init(rawValue:)` makes (about
    /// 2 % of a replay to care events went to the `switch`).
    mutating func value<E: CatalogueEnum>(among spellings: [(value: E, bytes: [UInt8])]) throws(NotHandled) -> E {
        let start = position
        if let raw = plainString() {
            // Not a value of the vocabulary: the slow path names the field.
            guard let value = CanonicalPayloadCursor.value(spelled: UnsafeRawBufferPointer(raw), among: spellings)
            else { throw NotHandled() }
            return value
        }
        position = start
        return try value(E.self)
    }

    /// A list of values of a closed vocabulary (possibly empty), read whatever the key, as
    /// vocabulary values are.
    mutating func values<E: CatalogueEnum>(_ type: E.Type) throws(NotHandled) -> [E] {
        var elements: [E] = []
        try array { reader throws(NotHandled) in elements.append(try reader.value(E.self)) }
        return elements
    }

    /// A ``CareDate`` written as a string (`YYYY-MM-DD`), read whatever the key, as instants are.
    mutating func date() throws(NotHandled) -> CareDate {
        guard let date = CareDate(iso8601: try text()) else { throw NotHandled() }
        return date
    }

    /// Skips an object value (`{…}`, nested objects and arrays included, strings read past their
    /// escapes) and returns the range of its bytes, braces included. It checks only that the
    /// brackets balance; the caller parses the bytes themselves with a reader of their own.
    mutating func objectRange() throws(NotHandled) -> Range<Int> {
        let start = position
        try expect(ASCII.openBrace)
        var depth = 1
        while depth > 0 {
            guard position < input.count else { throw NotHandled() }
            let byte = input[position]
            position += 1
            switch byte {
            case ASCII.openBrace, ASCII.openBracket: depth += 1
            case ASCII.closeBrace, ASCII.closeBracket: depth -= 1
            case ASCII.quote:
                while true {
                    guard position < input.count else { throw NotHandled() }
                    let inner = input[position]
                    position += 1
                    if inner == ASCII.quote { break }
                    if inner == ASCII.backslash { position += 1 }
                }
            default: break
            }
        }
        return start..<position
    }

    // MARK: Bytes

    /// A string without escapes, as its raw bytes between the quotes; `nil` (and the position
    /// left anywhere) if it holds an escape or anything but printable ASCII.
    private mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard peek() == ASCII.quote else { return nil }
        position += 1
        let start = position
        while position < input.count {
            let byte = input[position]
            if byte == ASCII.quote {
                position += 1
                return UnsafeBufferPointer(rebasing: input[start..<(position - 1)])
            }
            guard byte >= 0x20, byte < 0x80, byte != ASCII.backslash else { return nil }
            position += 1
        }
        return nil
    }

    /// Decodes a string holding escapes, starting again at its first byte.
    private mutating func escapedString(from start: Int) throws(NotHandled) -> String {
        position = start
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        while true {
            guard position < input.count else { throw NotHandled() }
            let byte = input[position]
            position += 1
            switch byte {
            case ASCII.quote:
                guard let text = String(validating: bytes, as: UTF8.self) else { throw NotHandled() }
                return text
            case ASCII.backslash:
                guard position < input.count else { throw NotHandled() }
                let escape = input[position]
                position += 1
                switch escape {
                case ASCII.quote, ASCII.backslash, ASCII.slash: bytes.append(escape)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"): UTF8.encode(try unicodeEscape()) { bytes.append($0) }
                default: throw NotHandled()
                }
            default:
                guard byte >= 0x20 else { throw NotHandled() }
                bytes.append(byte)
            }
        }
    }

    /// The scalar of a `\uXXXX` escape (after the `\u`), joining a surrogate pair.
    private mutating func unicodeEscape() throws(NotHandled) -> Unicode.Scalar {
        let unit = try hex4()
        var value = UInt32(unit)
        if (0xD800...0xDBFF).contains(unit) {
            guard matches("\\u") else { throw NotHandled() }
            position += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw NotHandled() }
            value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(unit) {
            throw NotHandled()
        }
        guard let scalar = Unicode.Scalar(value) else { throw NotHandled() }
        return scalar
    }

    /// Four hexadecimal digits.
    private mutating func hex4() throws(NotHandled) -> UInt16 {
        guard position + 4 <= input.count else { throw NotHandled() }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = input[position]
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: throw NotHandled()
            }
            value = value << 4 | UInt16(nibble)
            position += 1
        }
        return value
    }

    private func peek() -> UInt8? {
        position < input.count ? input[position] : nil
    }

    private func digit(at index: Int) -> UInt8? {
        guard index < input.count else { return nil }
        let d = input[index] &- UInt8(ascii: "0")
        return d < 10 ? d : nil
    }

    /// Whether the bytes at the position spell `literal`.
    private func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= input.count else { return false }
        let bytes = literal.utf8Start
        for i in 0..<count where input[position + i] != bytes[i] { return false }
        return true
    }

    private mutating func expect(_ byte: UInt8) throws(NotHandled) {
        guard position < input.count, input[position] == byte else { throw NotHandled() }
        position += 1
    }

    /// Skips JSON whitespace: space, tab, line feed, carriage return.
    private mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }
}

/// The ASCII bytes of JSON's structure.
private enum ASCII {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let lowerE = UInt8(ascii: "e")
    static let upperE = UInt8(ascii: "E")
}
