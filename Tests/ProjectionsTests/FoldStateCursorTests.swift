import CareCalendar
import EventLog
import Testing

@testable import Projections

/// ``FoldStateCursor`` reads saved state bytes in place for compliance's visits table; it must
/// read exactly what ``FoldStateWriter`` wrote (the form states saved by earlier builds have) and
/// refuse what is cut short or damaged, as ``FoldStateReader`` does.
@Suite struct FoldStateCursorTests {
    private let integers: [Int64] = [
        0, 1, -1, 63, -64, 64, 127, 128, 16_383, 16_384, 1 << 35, .max, .min, .max - 1, .min + 1,
    ]
    private let texts = [
        "", "V2738650", "eastwood-north", "Ness—Moray team", "ø\u{1F600}", String(repeating: "x", count: 300),
    ]

    private func written() -> [UInt8] {
        var writer = FoldStateWriter()
        for value in integers { writer.signed(value) }
        for value in integers { writer.unsigned(UInt64(bitPattern: value)) }
        for value in integers where Int(exactly: value) != nil { writer.int(Int(value)) }
        for text in texts { writer.string(text) }
        writer.string("after")
        return writer.bytes
    }

    @Test("the cursor reads integers and text as the writer wrote them, then the reader goes on after them")
    func readsWhatTheWriterWrote() throws {
        var reader = FoldStateReader(written())
        let (signed, unsigned, ints, strings) = try reader.withCursor {
            cursor throws(FoldStateDecodingError) -> ([Int64], [UInt64], [Int], [String]) in
            var signed: [Int64] = []
            for _ in integers { signed.append(try cursor.signed()) }
            var unsigned: [UInt64] = []
            for _ in integers { unsigned.append(try cursor.unsigned()) }
            var ints: [Int] = []
            for _ in integers.filter({ Int(exactly: $0) != nil }) { ints.append(try cursor.int()) }
            var strings: [String] = []
            for _ in texts { strings.append(try cursor.string()) }
            return (signed, unsigned, ints, strings)
        }
        #expect(signed == integers)
        #expect(unsigned == integers.map { UInt64(bitPattern: $0) })
        #expect(ints == integers.compactMap { Int(exactly: $0) })
        #expect(strings == texts)
        #expect(try reader.string() == "after")
        #expect(reader.isAtEnd)
    }

    @Test("bytes cut short anywhere, a count beyond the bytes left and invalid UTF-8 are refused")
    func refusesDamagedBytes() throws {
        let bytes = written()
        for length in 0..<bytes.count - 6 {
            var reader = FoldStateReader(Array(bytes[..<length]))
            #expect(throws: FoldStateDecodingError.self, "cut to \(length) bytes") {
                try reader.withCursor { cursor throws(FoldStateDecodingError) in
                    for _ in integers { _ = try cursor.signed() }
                    for _ in integers { _ = try cursor.unsigned() }
                    for value in integers where Int(exactly: value) != nil { _ = try cursor.int() }
                    for _ in texts { _ = try cursor.string() }
                }
            }
        }
        var reader = FoldStateReader([5, 0x61, 0x62])
        #expect(throws: FoldStateDecodingError.self) {
            try reader.withCursor { cursor throws(FoldStateDecodingError) in try cursor.string() }
        }
        reader = FoldStateReader([2, 0xC3, 0x28])
        #expect(throws: FoldStateDecodingError.self) {
            try reader.withCursor { cursor throws(FoldStateDecodingError) in try cursor.string() }
        }
        // Eleven continuation bytes: more than a 64-bit varint holds.
        reader = FoldStateReader(Array(repeating: 0xFF, count: 11) + [0])
        #expect(throws: FoldStateDecodingError.self) {
            try reader.withCursor { cursor throws(FoldStateDecodingError) in try cursor.unsigned() }
        }
    }

    @Test("skipping bytes moves past them and refuses to move past the end")
    func skipStopsAtTheEnd() throws {
        var writer = FoldStateWriter()
        writer.string("V1")
        writer.unsigned(7)
        var reader = FoldStateReader(writer.bytes)
        let seven = try reader.withCursor { cursor throws(FoldStateDecodingError) in
            let length = try cursor.count()
            try cursor.skip(length)
            return try cursor.unsigned()
        }
        #expect(seven == 7 && reader.isAtEnd)
        var short = FoldStateReader(writer.bytes)
        #expect(throws: FoldStateDecodingError.self) {
            try short.withCursor { cursor throws(FoldStateDecodingError) in try cursor.skip(writer.bytes.count + 1) }
        }
    }
}
