import CareCalendar
import CareRecord
import EventLog
import Projections
import Testing

@Suite("Projection runner")
struct ParallelDecodeTests {
    @Test("a log larger than one decode batch folds in log order, exactly as a sequential fold")
    func parallelDecodingKeepsLogOrder() throws {
        let log = TestLog()
        log.append(started("2020-01-06"), to: "person/P1")
        for i in 0..<3000 {
            let day = 1 + i % 28
            let hour = 6 + i % 14
            let start = "2020-02-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z"
            let stream = "visit/V\(i)"
            log.append(scheduled("P1", at: start), to: stream)
            if i % 7 != 0 { log.append(checkIn(start, i % 5 == 0 ? .manual : .electronic), to: stream) }
        }
        let parameters = ProjectionParameters(
            asAt: d("2020-03-31"), periodStart: d("2020-02-01"), periodEnd: d("2020-03-31"))
        let viaRunner = try log.run(Compliance.self, parameters)
        let (context, events) = try log.resolvedEvents(for: Compliance.self, parameters)
        #expect(events.count > 5000)
        var sequential = Compliance(context: context)
        for (event, recorded) in events { sequential.apply(event, recorded: recorded) }
        #expect(viaRunner == sequential.output())
        #expect(viaRunner.service.visitsVerifiedElectronically.denominator > 2000)
    }

    @Test("an event that cannot be decoded, several batches in, stops the fold and is named by its sequence")
    func undecodableEventIsNamedAcrossBatches() throws {
        let log = TestLog()
        log.append(started("2020-01-06"), to: "person/P1")
        for i in 0..<9000 {
            log.append(scheduled("P1", at: "2020-02-03T09:00:00Z"), to: "visit/V\(i)")
        }
        let bad = try log.store.append([
            ProposedEvent(
                stream: StreamName("visit/BAD")!, type: "VisitScheduled", occurredAt: t("2020-02-03T09:00:00Z"),
                actor: "staff/S1", payload: Array(#"{"personId":7}"#.utf8))
        ]).positions[0].sequence
        for i in 0..<100 { log.append(scheduled("P1", at: "2020-02-04T09:00:00Z"), to: "visit/W\(i)") }
        let parameters = ProjectionParameters(
            asAt: d("2020-03-31"), periodStart: d("2020-02-01"), periodEnd: d("2020-03-31"))
        #expect(bad > 8192)
        expectUndecodable(sequence: bad, type: "VisitScheduled") { () throws(ProjectionError) in
            _ = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: log.store)
        }
    }
}
