import EventLog
import Testing

/// `sameBytes(as:)` compares short names as words in place and longer ones with `memcmp`.
@Suite("Event log: comparing stored names with known ones")
struct SameBytesTests {
    private func same(_ mine: [UInt8], _ theirs: [UInt8]) -> Bool {
        mine.withUnsafeBytes { $0.sameBytes(as: theirs) }
    }

    @Test("equal bytes of every length from 0 to 40 compare equal; one byte changed anywhere does not")
    func everyLengthAndEveryPosition() {
        for count in 0...40 {
            let name = (0..<count).map { UInt8(0x41 + ($0 * 7) % 26) }
            #expect(same(name, name), "length \(count)")
            for position in 0..<count {
                var changed = name
                changed[position] ^= 0x20
                #expect(!same(name, changed), "length \(count), byte \(position)")
                #expect(!same(changed, name), "length \(count), byte \(position)")
            }
            if count > 0 {
                #expect(!same(name, Array(name.dropLast())))
                #expect(!same(Array(name.dropLast()), name))
            }
        }
    }

    @Test("event type names and payload keys are told apart from their neighbours")
    func knownNames() {
        let names = [
            "VisitCheckedIn", "VisitCheckedOut", "VisitScheduled", "MedicationRecorded", "MedicationErrorRecorded",
            "checkedInAt", "checkedOutAt", "method", "personId", "plannedStart", "team", "timeCritical",
        ].map { Array($0.utf8) }
        for (i, mine) in names.enumerated() {
            for (j, theirs) in names.enumerated() { #expect(same(mine, theirs) == (i == j)) }
        }
    }
}
