import CareCalendar
import CareRecord
import Projections
import Testing

/// ``CorrectionIndex`` answers most lookups from a 64-bit summary of the corrected sequences;
/// the answers must be those of the full table, whatever sequences share a bit.
@Suite struct CorrectionIndexTests {
    @Test("every voided or corrected entry resolves, voiding a correction restores, and nothing else resolves")
    func resolutionsMatchTheCorrections() {
        var index = CorrectionIndex()
        var expected: [UInt64: CorrectionIndex.Resolution] = [:]
        let replacement = CareEvent.serviceEnded(
            ServiceEnded(endedOn: CareDate(year: 2020, month: 3, day: 1)!, reason: .died))
        var sequence: UInt64 = 10_000
        // Targets 64 apart share a bit of the summary; others spread over it.
        for target in Array(stride(from: UInt64(7), to: 7 + 64 * 40, by: 64)) + [3, 999, 130] {
            sequence += 1
            if target % 3 == 0 {
                index.apply(.entryVoided(EntryVoided(sequence: target, reason: .enteredInError)), sequence: sequence)
                expected[target] = .voided
            } else {
                index.apply(
                    .entryCorrected(
                        EntryCorrected(sequence: target, reason: .enteredInError, replacement: replacement)),
                    sequence: sequence)
                expected[target] = .replaced(by: replacement)
            }
        }
        // Voiding the last correction (of entry 130) puts back what stood before it: nothing.
        let lastCorrection = sequence
        sequence += 1
        index.apply(.entryVoided(EntryVoided(sequence: lastCorrection, reason: .enteredInError)), sequence: sequence)
        expected[130] = nil
        for candidate in UInt64(0)..<4_000 {
            #expect(index.resolution(of: candidate) == expected[candidate], "\(candidate)")
        }
        #expect(index.count == expected.count)
    }
}
