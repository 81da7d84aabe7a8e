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

    /// A compliance state holding only the visits `ids` (one team, no people or other tables).
    private func complianceState(visitIds ids: [String]) -> [UInt8] {
        var writer = FoldStateWriter()
        writer.array(["eastwood-north"]) { $0.string($1) }
        writer.count(0)
        writer.count(ids.count)
        for (index, id) in ids.enumerated() {
            writer.string(id)
            writer.count(0)
            writer.instant(Timestamp(millisecondsSinceEpoch: 1_600_000_000_000 + Int64(index) * 60_000))
            writer.unsigned(index.isMultiple(of: 2) ? 4 : 1)
            writer.int(2)
            writer.int(index % 2)
            if index.isMultiple(of: 2) { writer.signed(-90_000) }
        }
        // Complaints, notifications, staff and the counted measures: none.
        for _ in 0..<4 { writer.count(0) }
        return writer.bytes
    }

    @Test("a compliance state's visits table is read whole, and one that names a visit twice is refused")
    func visitsTableReadsWholeAndRefusesRepeatedIds() throws {
        var reader = FoldStateReader(complianceState(visitIds: ["V1", "V2", "V3"]))
        let state = try ComplianceFoldState(from: &reader)
        #expect(reader.isAtEnd)
        #expect(state.visits.count == 3)
        let first = try #require(state.visits["V1"])
        #expect(first.team == "eastwood-north")
        #expect(first.plannedStart == Timestamp(millisecondsSinceEpoch: 1_600_000_000_000))
        #expect(first.firstCheckIn == Timestamp(millisecondsSinceEpoch: 1_600_000_000_000 - 90_000))
        #expect(!first.timeCritical && first.carersNeeded == 2 && first.checkOuts == 0 && first.allElectronic == false)
        let second = try #require(state.visits["V2"])
        #expect(second.firstCheckIn == nil && second.timeCritical && second.checkOuts == 1)

        var repeated = FoldStateReader(complianceState(visitIds: ["V1", "V2", "V1"]))
        #expect(throws: FoldStateDecodingError.self) { try ComplianceFoldState(from: &repeated) }
    }
}
