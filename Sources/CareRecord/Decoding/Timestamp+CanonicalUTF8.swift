import CareCalendar
import EventLog

extension Timestamp {
    /// Parses the canonical form ``CareEventCodec`` writes, `YYYY-MM-DDTHH:MM:SS.sssZ` (24 ASCII
    /// bytes), straight from the bytes. `nil` for anything else — other spellings are left to
    /// `Timestamp(iso8601:)`, which accepts this form too and gives the same instant.
    ///
    /// Checks what `Timestamp(iso8601:)` checks: a real calendar date, hours below 24, minutes
    /// and seconds below 60.
    ///
    /// The bytes are read as three little-endian words of eight, and the separators and digits
    /// checked a word at a time: every instant of a payload is read here when a log is replayed.
    init?(canonicalUTF8 b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 24, let base = b.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        // `YYYY-MM-`, `DDTHH:MM`, `:SS.sssZ`.
        let words = (
            UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)),
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        )
        guard Self.matches(words.0, separators: Self.dateSeparators, digits: Self.dateDigits),
            Self.matches(words.1, separators: Self.dayTimeSeparators, digits: Self.dayTimeDigits),
            Self.matches(words.2, separators: Self.secondSeparators, digits: Self.secondDigits)
        else { return nil }
        /// The digit in byte `index` of `word`.
        func digit(_ word: UInt64, _ index: Int) -> Int { Int(truncatingIfNeeded: (word >> (8 * index)) & 0x0F) }
        let year = digit(words.0, 0) * 1000 + digit(words.0, 1) * 100 + digit(words.0, 2) * 10 + digit(words.0, 3)
        let month = digit(words.0, 5) * 10 + digit(words.0, 6)
        let day = digit(words.1, 0) * 10 + digit(words.1, 1)
        let hour = digit(words.1, 3) * 10 + digit(words.1, 4)
        let minute = digit(words.1, 6) * 10 + digit(words.1, 7)
        let second = digit(words.2, 1) * 10 + digit(words.2, 2)
        let millisecond = digit(words.2, 4) * 100 + digit(words.2, 5) * 10 + digit(words.2, 6)
        guard hour < 24, minute < 60, second < 60, let date = CareDate(year: year, month: month, day: day) else {
            return nil
        }
        let seconds = ((Int64(date.daysSinceEpoch) * 24 + Int64(hour)) * 60 + Int64(minute)) * 60 + Int64(second)
        self.init(millisecondsSinceEpoch: seconds * 1000 + Int64(millisecond))
    }

    /// Whether `word` holds the byte of `separators` in each byte that `digits` leaves 0x00,
    /// and an ASCII digit in each byte that `digits` marks with 0xFF.
    private static func matches(_ word: UInt64, separators: UInt64, digits: UInt64) -> Bool {
        let separatorBytes = ~digits
        guard word & separatorBytes == separators else { return false }
        // A digit is 0x30–0x39: its high nibble is 3, and still 3 after adding 6 (0x3A–0x3F
        // become 0x40–0x45). The addition runs only once every digit byte is 0x30–0x3F, so no
        // byte carries into the next.
        let high = digits & 0xF0F0_F0F0_F0F0_F0F0
        let three = digits & 0x3030_3030_3030_3030
        let six = digits & 0x0606_0606_0606_0606
        return word & high == three && ((word & digits) &+ six) & high == three
    }

    // Byte i of a word is bits 8i–8i+7 (little-endian). `digits` marks the digits' bytes with
    // 0xFF; `separators` holds each separator in its byte and 0x00 in the digits' bytes.
    /// `YYYY-MM-`
    private static var dateDigits: UInt64 { 0x00FF_FF00_FFFF_FFFF }
    private static var dateSeparators: UInt64 { 0x2D00_002D_0000_0000 }
    /// `DDTHH:MM`
    private static var dayTimeDigits: UInt64 { 0xFFFF_00FF_FF00_FFFF }
    private static var dayTimeSeparators: UInt64 { 0x0000_3A00_0054_0000 }
    /// `:SS.sssZ`
    private static var secondDigits: UInt64 { 0x00FF_FFFF_00FF_FF00 }
    private static var secondSeparators: UInt64 { 0x5A00_0000_2E00_003A }
}
