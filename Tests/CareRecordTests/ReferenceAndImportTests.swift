import CareRecord
import EventLog
import Foundation
import Testing

@Suite("References: checked against earlier lines of the batch and against the store")
struct ReferenceTests {
    func line(_ stream: String, _ event: CareEvent, _ number: Int, at: String = "2020-02-03T08:00:00Z") -> EventLine {
        EventLine(line: number, stream: StreamName(stream)!, event: event, occurredAt: instant(at), actor: "staff/S2")
    }
    var person: EventLine { line("person/P1", sample("ServiceStarted").event, 1) }
    var scheduled: EventLine { line("visit/V1", sample("VisitScheduled").event, 3) }
    var checkedIn: EventLine { line("visit/V1", sample("VisitCheckedIn").event, 9) }
    /// The member of staff the check-ins name (S2).
    var staff: EventLine { line("staff/S2", sample("StaffJoined").event, 2) }

    @Test("a visit scheduled on line 3 can be checked in on line 9 of the same batch")
    func withinBatch() {
        #expect(
            validator.problems(with: [person, staff, scheduled, checkedIn], lookup: EmptyReferenceLookup()).isEmpty)
    }

    @Test("a check-in without its visit fails on its own line, at stream")
    func checkInWithoutVisit() {
        let found = validator.problems(with: [person, staff, checkedIn], lookup: EmptyReferenceLookup())
        #expect(found.count == 1)
        #expect(found.first?.line == 9)
        #expect(found.first?.fieldPath == "stream")
        #expect(found.first?.kind == .missingReference)
        #expect(found.first?.message.contains("VisitScheduled") == true)
    }

    @Test("a visit for a person with no stream fails at data.personId")
    func visitForUnknownPerson() {
        let found = validator.problems(with: [scheduled], lookup: EmptyReferenceLookup())
        #expect(found.map(\.fieldPath) == ["data.personId"])
    }

    @Test("references resolve against an in-memory store")
    func againstStore() throws {
        let store = makeStore()
        try store.append([staff.proposedEvent])
        let empty = EventStoreReferenceLookup(store: store)
        #expect(validator.problems(with: checkedIn, lookup: empty).map(\.kind) == [.missingReference])
        try store.append([person.proposedEvent, scheduled.proposedEvent])
        #expect(validator.problems(with: checkedIn, lookup: EventStoreReferenceLookup(store: store)).isEmpty)
        // As known before the visit was scheduled, it did not exist.
        let before = EventStoreReferenceLookup(store: store, knownAt: .sequence(2))
        #expect(validator.problems(with: checkedIn, lookup: before).map(\.kind) == [.missingReference])
    }

    @Test("a complaint response needs its complaint")
    func responseNeedsComplaint() {
        let response = line("complaint/C1", sample("ComplaintStage1Responded").event, 4)
        #expect(validator.problems(with: [response], lookup: EmptyReferenceLookup()).map(\.fieldPath) == ["stream"])
        let received = line("complaint/C1", sample("ComplaintReceived").event, 2)
        #expect(validator.problems(with: [person, received, response], lookup: EmptyReferenceLookup()).isEmpty)
    }

    @Test("a notification's incident must exist when given")
    func notificationIncident() {
        let notification = line("notification/N1", sample("NotificationSubmitted").event, 5)
        let found = validator.problems(with: [person, notification], lookup: EmptyReferenceLookup())
        #expect(found.map(\.fieldPath) == ["data.incidentId"])
        let incident = line("incident/I1", sample("IncidentRecorded").event, 4)
        #expect(validator.problems(with: [person, incident, notification], lookup: EmptyReferenceLookup()).isEmpty)
    }

    @Test("a check-out before the check-in is rejected, from the batch and from the store")
    func checkOutBeforeCheckIn() throws {
        let early = line(
            "visit/V1",
            VisitCheckedOut(
                checkedOutAt: instant("2020-02-03T08:00:00Z"), staffId: "S2", method: .electronic
            ).careEvent, 10)
        let inBatch = validator.problems(
            with: [person, staff, scheduled, checkedIn, early], lookup: EmptyReferenceLookup())
        #expect(inBatch.map(\.fieldPath) == ["data.checkedOutAt"])
        let store = makeStore()
        try store.append([person.proposedEvent, scheduled.proposedEvent, checkedIn.proposedEvent, staff.proposedEvent])
        #expect(
            validator.problems(with: early, lookup: EventStoreReferenceLookup(store: store)).map(\.fieldPath) == [
                "data.checkedOutAt"
            ])
    }

    @Test("a service cannot end before it started")
    func serviceEndBeforeStart() {
        let ended = line("person/P1", ServiceEnded(endedOn: day("2019-12-31"), reason: .died).careEvent, 2)
        #expect(
            validator.problems(with: [person, ended], lookup: EmptyReferenceLookup()).map(\.fieldPath) == [
                "data.endedOn"
            ])
    }

    @Test("an activity needs its workstream and an update needs its activity")
    func programmeStructure() {
        let programme = line("programme/PG1", sample("ProgrammeDefined").event, 1)
        let activity = line("programme/PG1", sample("ActivityDefined").event, 2)
        let update = line("programme/PG1", sample("ActivityUpdateRecorded").event, 3)
        let found = validator.problems(with: [programme, activity, update], lookup: EmptyReferenceLookup())
        #expect(found.map(\.fieldPath) == ["data.workstreamId", "data.activityId"])
    }

    @Test("a correction must refer to an existing entry of the same stream and type")
    func corrections() throws {
        let store = makeStore()
        try store.append([person.proposedEvent, scheduled.proposedEvent, checkedIn.proposedEvent, staff.proposedEvent])
        let lookup = EventStoreReferenceLookup(store: store)
        func correction(_ event: CareEvent, in stream: String = "visit/V1") -> [CatalogueError] {
            validator.problems(with: line(stream, event, 1), lookup: lookup)
        }
        let replacement = VisitCheckedIn(
            checkedInAt: instant("2020-02-03T08:01:00Z"), staffId: "S2", method: .electronic)
        #expect(
            correction(EntryCorrected(sequence: 3, reason: .wrongTime, replacement: replacement.careEvent).careEvent)
                .isEmpty)
        #expect(correction(EntryVoided(sequence: 3, reason: .duplicate).careEvent).isEmpty)
        #expect(correction(EntryVoided(sequence: 99, reason: .duplicate).careEvent).map(\.kind) == [.missingReference])
        #expect(correction(EntryVoided(sequence: 1, reason: .duplicate).careEvent).map(\.kind) == [.wrongStream])
        let wrongType = EntryCorrected(sequence: 2, reason: .wrongTime, replacement: replacement.careEvent)
        #expect(correction(wrongType.careEvent).map(\.fieldPath) == ["data.replacementType"])
        let implausible = EntryCorrected(
            sequence: 3, reason: .wrongValue,
            replacement: VisitCheckedIn(checkedInAt: instant("2020-02-03T08:01:00Z"), staffId: "S2", method: .manual)
                .careEvent)
        #expect(correction(implausible.careEvent).map(\.fieldPath) == ["data.replacement.exceptionCode"])
    }

    @Test("a correction cannot replace an entry with another correction")
    func noNestedCorrections() throws {
        let bytes = try ndjsonLine(
            stream: "visit/V1", type: "EntryCorrected",
            data: [
                "sequence": 3, "reason": "wrongTime", "replacementType": "EntryVoided",
                "replacement": ["sequence": 2, "reason": "duplicate"],
            ])
        #expect(parseFailure(bytes)?.fieldPath == "data.replacementType")
    }
}

@Suite("Import: NDJSON to atomic, resumable batches")
struct ImportTests {
    func readLines(_ bytes: [UInt8]) throws -> [EventLine] {
        let (lines, errors) = NDJSONReader.readAll(bytes)
        #expect(errors.isEmpty, "\(errors)")
        return lines
    }

    @Test("the partnership sample validates cleanly and appends in one batch")
    func partnershipSample() throws {
        let bytes = try fixture("partnership-sample.ndjson")
        let lines = try readLines(bytes)
        #expect(lines.count >= 60 && lines.count <= 120)
        #expect(Set(lines.map(\.type)).count >= 40, "the sample shows most of the catalogue")
        let store = makeStore()
        var planner = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store))
        let chunks = try planner.plan(lines)
        #expect(chunks.count == 1)
        let result = try store.append(chunks[0].batch)
        #expect(result.positions.count == lines.count)
        for recorded in try store.events() { _ = try CareEventCodec.decode(recorded) }

        // The corrections example applies on top, to the entries it names.
        let corrections = try readLines(try fixture("corrections.ndjson"))
        var second = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store))
        let more = try second.plan(corrections)
        _ = try store.append(more[0].batch)
        let corrected = try #require(try store.events(EventSelection.stream(StreamName("visit/V2020-000002")!)).last)
        #expect(corrected.type == "EntryCorrected")
    }

    @Test("the fixture is the same file as Docs/examples")
    func fixtureMatchesDocs() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/examples")
        for name in ["partnership-sample.ndjson", "corrections.ndjson"] {
            let original = Array(try Data(contentsOf: docs.appendingPathComponent(name)))
            #expect(try fixture(name) == original, "copy Docs/examples/\(name) to Tests/CareRecordTests/Fixtures/")
        }
    }

    @Test("a batch with one invalid line yields an error and no batch")
    func invalidLineYieldsNoBatch() throws {
        var lines = try readLines(try fixture("partnership-sample.ndjson"))
        lines.insert(
            EventLine(
                line: 999, stream: StreamName("visit/V-nope")!, event: sample("VisitCheckedIn").event,
                occurredAt: instant("2020-02-03T08:00:00Z"), actor: "staff/S2"), at: 40)
        var planner = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup())
        #expect(throws: CatalogueError.self) { try planner.plan(lines) }
        do {
            var again = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup())
            _ = try again.plan(lines)
        } catch {
            #expect(error.line == 999)
        }
    }

    @Test("with chunks, the chunks before an invalid line are produced and the failing one is not")
    func streamingStopsAtInvalidChunk() throws {
        let lines = try readLines(try fixture("partnership-sample.ndjson"))
        var broken = lines
        broken[25].stream = StreamName("visit/V-missing")!
        broken[25].event = sample("VisitCheckedOut").event
        var planner = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup(), chunkSize: 10)
        var produced: [ImportChunk] = []
        var failure: CatalogueError?
        for line in broken {
            do {
                if let chunk = try planner.add(line) { produced.append(chunk) }
            } catch {
                failure = error
                break
            }
        }
        #expect(produced.count == 2)
        #expect(produced.map(\.lines) == [1...10, 11...20])
        #expect(failure?.line == 26)
    }

    @Test("re-running an interrupted chunked import appends only what is missing")
    func resumable() throws {
        let bytes = try fixture("partnership-sample.ndjson")
        let lines = try readLines(bytes)
        let store = makeStore()
        let digest = ImportPlanner.digest(of: bytes)
        // First run: interrupted after three chunks.
        var first = ImportPlanner(
            validator: validator, lookup: EventStoreReferenceLookup(store: store), chunkSize: 10, sourceDigest: digest)
        var appended = 0
        for line in lines {
            if let chunk = try first.add(line) {
                _ = try store.append(chunk.batch)
                appended += 1
                if appended == 3 { break }
            }
        }
        #expect(try store.checkpoint().sequence == 30)
        // Second run of the same file, with another chunk size: the 30 facts already recorded are
        // recognised and skipped, the rest appended once.
        var second = ImportPlanner(
            validator: validator, lookup: EventStoreReferenceLookup(store: store), chunkSize: 7, sourceDigest: digest)
        for chunk in try second.plan(lines) {
            let result = try store.append(chunk.batch)
            #expect(!result.wasAlreadyAppended)
        }
        #expect(second.alreadyRecorded == 30)
        #expect(try store.checkpoint().sequence == UInt64(lines.count))
        // A third run, without chunks, appends nothing.
        var third = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store))
        #expect(try third.plan(lines).isEmpty)
        #expect(third.alreadyRecorded == lines.count)
    }

    @Test("expectedVersion on lines becomes the batch's per-stream expectation")
    func expectedVersions() throws {
        func line(_ n: Int, _ event: CareEvent, _ expected: ExpectedVersion?) -> EventLine {
            // Each line is another fact: same data, another time.
            EventLine(
                line: n, stream: StreamName("person/P1")!, event: event, occurredAt: instant("2020-02-03T08:0\(n):00Z"),
                actor: "staff/S4", expectedVersion: expected)
        }
        let review = sample("ReviewRequested").event
        let store = makeStore()
        try store.append([
            sample("ServiceStarted").event.proposed(
                stream: StreamName("person/P1")!, occurredAt: testNow, actor: "staff/S4")
        ])
        let lookup = EventStoreReferenceLookup(store: store)
        var planner = ImportPlanner(validator: validator, lookup: lookup)
        let chunk = try planner.plan([line(1, review, nil), line(2, review, .exactly(2)), line(3, review, .exactly(3))]
        )[0]
        #expect(chunk.batch.expectedVersions == [StreamName("person/P1")!: .exactly(1)])
        #expect(try store.append(chunk.batch).positions.map(\.streamVersion) == [2, 3, 4])

        var conflicting = ImportPlanner(validator: validator, lookup: lookup)
        do {
            _ = try conflicting.plan([line(4, review, .exactly(4)), line(5, review, .exactly(7))])
            Issue.record("expected a conflict between lines")
        } catch {
            #expect(error.line == 5)
            #expect(error.fieldPath == "expectedVersion")
        }
    }

    @Test("a single line's own idempotency key is used for its batch")
    func lineIdempotencyKey() throws {
        var line = try parsed(try ndjsonLine(sample("StaffJoined")))
        line.idempotencyKey = "cm2000-feed-0001"
        var planner = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup(), chunkSize: 1)
        #expect(try planner.plan([line]).first?.batch.idempotencyKey == "cm2000-feed-0001")
    }

    @Test("recordedAt from the input is passed to the store only when asked")
    func recordedAtOnlyForMigration() throws {
        var line = try parsed(try ndjsonLine(sample("StaffJoined")))
        line.recordedAt = instant("2020-02-04T00:00:00Z")
        var normal = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup())
        #expect(try normal.plan([line]).first?.batch.events.first?.recordedAt == nil)
        var migration = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup(), recordedAtFromInput: true)
        #expect(try migration.plan([line]).first?.batch.events.first?.recordedAt == instant("2020-02-04T00:00:00Z"))
    }

    @Test("the reader skips blank lines, accepts CRLF and counts lines from 1")
    func readerLineNumbers() throws {
        let one = String(decoding: try ndjsonLine(sample("StaffJoined")), as: UTF8.self)
        let text = "\u{FEFF}" + one + "\r\n\r\n   \n" + one + "\n"
        let lines = try readLines(Array(text.utf8))
        #expect(lines.map(\.line) == [1, 4])
    }

    @Test("an exported recorded event imports into another store unchanged")
    func exportImport() throws {
        let store = makeStore()
        let event = sample("VisitScheduled").event
        try store.append([
            sample("ServiceStarted").event.proposed(
                stream: StreamName("person/P1")!, occurredAt: testNow, actor: "staff/S4"),
            event.proposed(
                stream: StreamName("visit/V1")!, occurredAt: testNow, actor: "system/cm2000", correlationID: "feed-1"),
        ])
        let recorded = try store.events()
        let text = recorded.map { EventLine.ndjson(for: $0) }.joined(separator: "\n")
        let lines = try readLines(Array(text.utf8))
        #expect(lines.map(\.event) == [sample("ServiceStarted").event, event])
        #expect(lines[1].correlationID == "feed-1")
        #expect(lines.map(\.proposedEvent) == recorded.map(\.proposed))
    }
}
