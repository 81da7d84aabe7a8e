import EventLog

/// A reader of a payload in exactly the form ``CanonicalJSONWriter`` writes it (keys in order,
/// no whitespace, instants as `YYYY-MM-DDTHH:MM:SS.sssZ`), for a decoder that expects one layout
/// and compares literal keys in place instead of scanning and matching each key.
///
/// Every method gives `nil` (or false) for anything but the one spelling it expects, and the
/// caller then reads the payload with ``FlatJSONReader`` instead. What it accepts,
/// ``FlatJSONReader`` accepts too and reads as the same values: a plain string is printable ASCII
/// without escapes (what the flat reader checks of text it leaves unread, and reads as the same
/// `String`), a whole number is `0` or digits without a leading zero, an instant is the canonical
/// form parsed by the same ``Timestamp/init(canonicalUTF8:)``.
///
/// Borrows the bytes: use it only while they are valid.
struct CanonicalPayloadCursor {
    private let input: UnsafeBufferPointer<UInt8>
    private var position = 0

    /// A cursor at the first byte of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) { input = bytes.assumingMemoryBound(to: UInt8.self) }

    /// Whether every byte has been read.
    var isAtEnd: Bool { position == input.count }

    /// Consumes `literal` if the bytes at the position spell it.
    mutating func literal(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= input.count else { return false }
        let bytes = literal.utf8Start
        for i in 0..<count where input[position + i] != bytes[i] { return false }
        position += count
        return true
    }

    /// A string of printable ASCII without escapes, quotes included, as the bytes between them.
    mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard position < input.count, input[position] == Self.quote else { return nil }
        let start = position + 1
        var index = start
        // Eight bytes at a time while none of them is a quote, a backslash, a control character
        // or beyond ASCII; the word holding one is then read byte by byte.
        let raw = UnsafeRawBufferPointer(input)
        while index + 8 <= input.count, Self.isPlainWord(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
            index += 8
        }
        while index < input.count {
            let byte = input[index]
            if byte == Self.quote {
                position = index + 1
                return UnsafeBufferPointer(rebasing: input[start..<index])
            }
            guard byte >= 0x20, byte < 0x80, byte != Self.backslash else { return nil }
            index += 1
        }
        return nil
    }

    /// Whether none of the eight bytes of `word` is a quote, a backslash, below 0x20 or above
    /// 0x7F (the classic test for a zero byte, applied to the word xor each byte looked for).
    private static func isPlainWord(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        // A byte below 0x20: subtracting 0x20 borrows into its high bit (exact for bytes < 0x80).
        let below = (word &- ones &* 0x20) & ~word & highs != 0
        return word & highs == 0 && !below && !hasZero(word ^ (ones &* UInt64(quote)))
            && !hasZero(word ^ (ones &* UInt64(backslash)))
    }

    /// A plain string (``plainString()``) as a `String`.
    mutating func plainText() -> String? {
        plainString().map { String(decoding: $0, as: UTF8.self) }
    }

    /// An instant in canonical form, quotes included.
    mutating func timestamp() -> Timestamp? {
        guard let raw = plainString() else { return nil }
        return Timestamp(canonicalUTF8: raw)
    }

    /// A whole number of up to nine digits: `0`, or digits without a leading zero (a sign, a
    /// fraction or an exponent after them is left to the flat reader, as is a longer number).
    mutating func smallWholeNumber() -> Int? {
        var value = 0
        var index = position
        while index < input.count, index - position < 10 {
            let digit = input[index] &- 0x30
            guard digit < 10 else { break }
            value = value * 10 + Int(digit)
            index += 1
        }
        let count = index - position
        guard count > 0, count < 10, count == 1 || input[position] != 0x30 else { return nil }
        if index < input.count {
            let next = input[index]
            guard next != Self.dot, next != 0x65, next != 0x45 else { return nil }
        }
        position = index
        return value
    }

    /// `true` or `false`.
    mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// Every value of a closed vocabulary with the bytes of its raw value (a table to keep in a
    /// static, for ``vocabulary(_:)``).
    static func spellings<E: CatalogueEnum>(of type: E.Type) -> [(value: E, bytes: [UInt8])] {
        E.allCases.map { ($0, Array($0.rawValue.utf8)) }
    }

    /// The value among `spellings` (from ``spellings(of:)``) whose raw value is exactly `text`.
    static func value<E>(spelled text: UnsafeRawBufferPointer, among spellings: [(value: E, bytes: [UInt8])]) -> E? {
        for spelling in spellings where text.sameBytes(as: spelling.bytes) { return spelling.value }
        return nil
    }

    /// A value of a closed vocabulary spelled as a plain string (``plainString()``), among
    /// `spellings` (from ``spellings(of:)``).
    mutating func vocabulary<E>(_ spellings: [(value: E, bytes: [UInt8])]) -> E? {
        let start = position
        guard let raw = plainString() else { return nil }
        if let value = Self.value(spelled: UnsafeRawBufferPointer(raw), among: spellings) { return value }
        position = start
        return nil
    }

    /// An array of plain strings (possibly empty), left unread.
    mutating func skipPlainStringArray() -> Bool {
        guard literal("[") else { return false }
        if literal("]") { return true }
        while true {
            guard plainString() != nil else { return false }
            if literal("]") { return true }
            guard literal(",") else { return false }
        }
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let dot = UInt8(ascii: ".")
}
