import CareRecord
import EventLog
import Testing

/// What makes two lines the same fact, per kind of type (Docs/events.md, "Fact identity").
@Suite("Fact identity")
struct FactIdentityTests {
    func line(_ stream: String, _ event: CareEvent, _ number: Int, at: String = "2020-02-03T08:00:00Z") -> EventLine {
        EventLine(line: number, stream: StreamName(stream)!, event: event, occurredAt: instant(at), actor: "staff/S2")
    }
    func checkIn(_ staff: String, _ at: String) -> CareEvent {
        VisitCheckedIn(checkedInAt: instant(at), staffId: staff, method: .electronic).careEvent
    }
    var setUp: [EventLine] {
        [
            line("person/P1", sample("ServiceStarted").event, 1), line("staff/S2", sample("StaffJoined").event, 2),
            line("staff/S3", sample("StaffJoined").event, 3), line("visit/V1", sample("VisitScheduled").event, 4),
        ]
    }

    @Test("a double-handed visit has one check-in per carer; a second one by the same carer contradicts")
    func checkInPerCarer() throws {
        var planner = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup())
        let both =
            setUp + [
                line("visit/V1", checkIn("S2", "2020-02-03T08:01:00Z"), 5),
                line("visit/V1", checkIn("S3", "2020-02-03T08:02:00Z"), 6),
            ]
        #expect(try planner.plan(both).first?.batch.events.count == 6)
        var again = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup())
        let moved = both + [line("visit/V1", checkIn("S2", "2020-02-03T08:09:00Z"), 7)]
        let error = #expect(throws: CatalogueError.self) { try again.plan(moved) }
        #expect(error?.line == 7)
        #expect(error?.fieldPath == "data.checkedInAt")
    }

    @Test(
        "a second chunk that corrects, restates and contradicts facts of the first gives the same outcome whether the first is held, appended or in the same batch"
    )
    func secondChunkAgainstTheFirst() throws {
        let lines =
            setUp + [
                line("visit/V1", checkIn("S2", "2020-02-03T08:01:00Z"), 5),
                // Chunk 2: a correction of line 5 by the sequence it got, line 5 again, then line 5 moved.
                line(
                    "visit/V1",
                    EntryCorrected(
                        sequence: 5, reason: .wrongTime,
                        replacement: VisitCheckedIn(
                            checkedInAt: instant("2020-02-03T08:03:00Z"), staffId: "S2", method: .electronic
                        ).careEvent
                    ).careEvent, 6, at: "2020-02-04T08:00:00Z"),
                line("visit/V1", checkIn("S2", "2020-02-03T08:01:00Z"), 7),
                line("visit/V1", checkIn("S2", "2020-02-03T08:09:00Z"), 8),
            ]
        /// Plans `lines` in chunks of `size`; appends each chunk to a store (and says so) when asked.
        func outcome(chunkSize: Int?, append: Bool) -> (appended: [Int], skipped: Int, error: CatalogueError?) {
            let store = makeStore()
            var planner = ImportPlanner(
                validator: validator, lookup: EventStoreReferenceLookup(store: store), chunkSize: chunkSize)
            var appended: [Int] = []
            do {
                for line in lines {
                    guard let chunk = try planner.add(line) else { continue }
                    appended.append(chunk.batch.events.count)
                    if append {
                        _ = try store.append(chunk.batch)
                        planner.chunkAppended(chunk.index)
                    }
                }
                if let last = try planner.finish() { appended.append(last.batch.events.count) }
                return (appended, planner.alreadyRecorded, nil)
            } catch let error as CatalogueError {
                return (appended, planner.alreadyRecorded, error)
            } catch {
                Issue.record("unexpected \(error)")
                return (appended, planner.alreadyRecorded, nil)
            }
        }
        let batch = outcome(chunkSize: nil, append: false)
        let held = outcome(chunkSize: 5, append: false)
        let appended = outcome(chunkSize: 5, append: true)
        #expect(held.appended == [5] && appended.appended == [5] && batch.appended.isEmpty)
        for run in [batch, held, appended] {
            #expect(run.skipped == 1)
            #expect(run.error?.line == 8)
            #expect(run.error?.fieldPath == "data.checkedInAt")
            #expect(run.error?.message.contains("already recorded at version 2 of this stream") == true)
        }
        #expect(appended.error?.description == batch.error?.description)
        #expect(held.error?.description == batch.error?.description)
    }

    @Test("a repeated line of a repeating type is one fact; the same data at another time is another")
    func repeatingTypes() throws {
        let review = sample("ReviewRequested").event
        var planner = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup())
        let lines = [
            setUp[0], line("person/P1", review, 2), line("person/P1", review, 3),
            line("person/P1", review, 4, at: "2020-02-03T09:00:00Z"),
        ]
        #expect(try planner.plan(lines).first?.batch.events.count == 3)
        #expect(planner.alreadyRecorded == 1)
    }

    @Test("a restated fact in the store is skipped and says where it is; the actor is not part of the identity")
    func againstTheStore() throws {
        let store = makeStore()
        var first = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store))
        for chunk in try first.plan(setUp) { _ = try store.append(chunk.batch) }
        var restated = setUp[3]
        restated.actor = "system/other"
        var second = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store))
        #expect(try second.plan([restated]).isEmpty)
        #expect(second.lastAlreadyRecorded?.sequence == 4)
        #expect(second.lastAlreadyRecorded?.version == 1)
    }
}
