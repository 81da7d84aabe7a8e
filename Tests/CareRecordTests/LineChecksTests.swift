import EventLog
import Testing

@testable import CareRecord

/// The checks that need only the line, made where it is parsed (``EventLine/prepare(checkingWith:)``):
/// a prepared line gets exactly the problems an unprepared one gets, and checks that no longer
/// fit the line or the validator are never used.
@Suite("Checks made on the parsing thread give the same problems as checks made by the planner")
struct LineChecksTests {
    /// A lookup where every stream exists, so only the line's own checks can fail.
    private struct EveryStreamExists: ReferenceLookup {
        func currentVersion(of stream: StreamName) throws(CatalogueError) -> UInt32 { 1 }
        func facts(of stream: StreamName) throws(CatalogueError) -> StreamFacts { StreamFacts() }
        func entry(atSequence sequence: UInt64) throws(CatalogueError) -> ReferencedEntry? { nil }
        func recordedFacts(in stream: StreamName) throws(CatalogueError) -> [RecordedFact] { [] }
        func headSequence() throws(CatalogueError) -> UInt64 { 0 }
        func sequence(ofVersion version: UInt32, in stream: StreamName) throws(CatalogueError) -> UInt64? { nil }
    }

    private func line(_ sample: Sample, stream: String? = nil, at: String = "2020-02-03T08:00:00Z") -> EventLine {
        EventLine(
            line: 7, stream: StreamName(stream ?? sample.stream)!, event: sample.event, occurredAt: instant(at),
            actor: "staff/S2")
    }

    @Test("every sample, in its stream and in a wrong one, and in the future: the same problems either way")
    func sameProblems() {
        for sample in samples {
            for given in [
                line(sample), line(sample, stream: "rules/R9"), line(sample, at: "2030-01-01T00:00:00Z"),
            ] {
                var prepared = given
                prepared.prepare(checkingWith: validator)
                #expect(prepared.preparedChecks != nil)
                for lookup in [EveryStreamExists() as any ReferenceLookup, EmptyReferenceLookup()] {
                    #expect(
                        validator.problems(with: prepared, lookup: lookup)
                            == validator.problems(with: given, lookup: lookup), "\(sample.event.type)")
                }
            }
        }
    }

    @Test("a future instant prepared at an earlier now is checked again by a validator with a later now")
    func anotherNow() {
        var prepared = line(sample("VisitScheduled"), at: "2020-07-01T00:00:00Z")
        prepared.prepare(checkingWith: validator)
        #expect(validator.problems(with: prepared, lookup: EveryStreamExists()).first?.fieldPath == "occurredAt")
        let later = EventValidator(now: instant("2020-08-01T00:00:00Z"))
        #expect(later.problems(with: prepared, lookup: EveryStreamExists()).isEmpty)
    }

    @Test("changing the line's stream, event, occurredAt or recordedAt drops the prepared checks")
    func changesDropThem() {
        var prepared = line(sample("VisitScheduled"))
        prepared.prepare(checkingWith: validator)
        prepared.actor = "staff/S3"
        #expect(prepared.preparedChecks != nil)
        var moved = prepared
        moved.stream = StreamName("person/P1")!
        #expect(moved.preparedChecks == nil)
        #expect(validator.problems(with: moved, lookup: EveryStreamExists()).first?.fieldPath == "stream")
        var changed = prepared
        changed.event = sample("VisitCancelled").event
        #expect(changed.preparedChecks == nil)
        var later = prepared
        later.occurredAt = instant("2030-01-01T00:00:00Z")
        #expect(later.preparedChecks == nil)
        #expect(validator.problems(with: later, lookup: EveryStreamExists()).first?.fieldPath == "occurredAt")
        var recorded = prepared
        recorded.recordedAt = instant("2020-01-01T00:00:00Z")
        #expect(recorded.preparedChecks == nil)
        #expect(validator.problems(with: recorded, lookup: EveryStreamExists()).first?.fieldPath == "recordedAt")
    }

    @Test(
        "the hot types, checked without boxing their payload, give the problems and references the boxed payload gives",
        arguments: FastCase.allCases)
    func unboxedChecks(_ kind: FastCase) {
        var random = SeededRandom(seed: 0x5EED + UInt64(kind.rawValue))
        var events = samples.map(\.event)
        for _ in 0..<FastDecodingTests.count { events.append(kind.generate(&random)) }
        for event in events {
            let stream = StreamName("visit/V1")!
            var unboxed = PayloadChecks(stream: stream, now: testNow)
            EventValidator.checkPayload(of: event, &unboxed)
            var boxed = PayloadChecks(stream: stream, now: testNow)
            event.payload.check(&boxed)
            #expect(unboxed.problems == boxed.problems, "\(event.type)")
            #expect(unboxed.references == boxed.references, "\(event.type)")
        }
    }
}
