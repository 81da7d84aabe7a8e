import CareRecord
import EventLog
import Projections
import Testing

@Suite("Projection runner: the type names a decoding thread has met")
struct TypeNamesTests {
    private func name(_ text: String, in names: inout ProjectionRunner.TypeNames) throws -> String {
        try Array(text.utf8).withUnsafeBytes { bytes in try names.name(bytes).name }
    }

    private func fingerprint(_ text: String) -> UInt64 {
        Array(text.utf8).withUnsafeBytes { ProjectionRunner.TypeNames.fingerprint($0) }
    }

    @Test("names that share a length and their first and last eight bytes are still told apart")
    func collidingFingerprints() throws {
        // Same length, same first eight and last eight bytes: the same fingerprint.
        let first = "VisitChe-x-kedInAgain"
        let second = "VisitChe-y-kedInAgain"
        #expect(fingerprint(first) == fingerprint(second))
        var names = ProjectionRunner.TypeNames()
        for _ in 0..<3 {
            #expect(try name(first, in: &names) == first)
            #expect(try name(second, in: &names) == second)
        }
    }

    @Test("short names and names of different lengths map to themselves, in any order")
    func everyNameToItself() throws {
        let texts = ["A", "AB", "Visit", "VisitCheckedIn", "VisitCheckedOut", "VisitScheduled", "MedicationRecorded"]
        var names = ProjectionRunner.TypeNames()
        for text in texts + texts.reversed() + texts { #expect(try name(text, in: &names) == text) }
        #expect(fingerprint("AB") != fingerprint("BA"))
    }

    @Test("a catalogue type is resolved once, with the decoders the catalogue has for it; an unknown one is not")
    func resolvedDecoders() throws {
        var names = ProjectionRunner.TypeNames()
        let known = try Array(VisitCheckedIn.eventType.utf8).withUnsafeBytes { try names.name($0) }
        #expect(known.resolved != nil)
        let unknown = try Array("NoSuchEvent".utf8).withUnsafeBytes { try names.name($0) }
        #expect(unknown.resolved == nil)
    }
}
