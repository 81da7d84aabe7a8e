import EventLog
import Testing

/// ``Timestamp/appendISO8601(to:)`` writes an instant's 24 bytes at once after whatever the
/// array holds; ``Timestamp/iso8601`` is built on it.
@Suite("Timestamp: the ISO 8601 bytes are appended after what is there")
struct TimestampAppendTests {
    @Test("the bytes already in the array are kept and the instant follows them, as iso8601 writes it")
    func appendsAfterExistingBytes() {
        var random = SystemRandomNumberGenerator()
        // Edges of days and of the four-digit range, then random instants 1900–2200.
        var instants: [Int64] = [0, 1, 999, 86_399_999, -1, -62_167_219_200_000, 253_402_300_799_999]
        for _ in 0..<2_000 {
            instants.append(Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &random))
        }
        for ms in instants {
            let instant = Timestamp(millisecondsSinceEpoch: ms)
            var bytes: [UInt8] = Array("\"at\":\"".utf8)
            instant.appendISO8601(to: &bytes)
            #expect(bytes == Array("\"at\":\"".utf8) + Array(instant.iso8601.utf8), "\(ms)")
            #expect(bytes.count == 6 + 24)
            // Year 0000 is written but not read back (instants are read in years 1–9999).
            if !instant.iso8601.hasPrefix("0000") {
                #expect(Timestamp(iso8601: instant.iso8601)?.millisecondsSinceEpoch == ms)
            }
        }
    }

    @Test("the first and last instants of four-digit years are written with every digit padded")
    func paddedEdges() {
        #expect(Timestamp(millisecondsSinceEpoch: -62_167_219_200_000).iso8601 == "0000-01-01T00:00:00.000Z")
        #expect(Timestamp(millisecondsSinceEpoch: 253_402_300_799_999).iso8601 == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp(millisecondsSinceEpoch: 5_007).iso8601 == "1970-01-01T00:00:05.007Z")
    }

    @Test("an instant outside four-digit years is still appended after the bytes already there")
    func outsideFourDigitYears() {
        var bytes: [UInt8] = [0x5B]
        let instant = Timestamp(millisecondsSinceEpoch: 253_402_300_800_000)
        instant.appendISO8601(to: &bytes)
        #expect(bytes == [0x5B] + Array(instant.iso8601.utf8))
        #expect(instant.iso8601.hasPrefix("10000-01-01T00:00:00.000Z"))
    }
}
