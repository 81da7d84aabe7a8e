import CareCalendar
import CareRecord
import EventLog
import Foundation
import Testing

@Suite("Codec: every event type round-trips and decodes through one table")
struct CodecTests {
    @Test("the samples cover every event type in the catalogue")
    func samplesCoverEveryType() {
        #expect(Set(samples.map(\.event.type)) == Set(CareEventCodec.eventTypes))
        #expect(CareEvent.allPayloadTypes.count == CareEventCodec.eventTypes.count)
    }

    @Test("Swift → JSON → Swift gives the same event", arguments: samples)
    func roundTrip(_ sample: Sample) throws {
        let bytes = CareEventCodec.encode(sample.event)
        let decoded = try CareEventCodec.decode(
            type: sample.event.type, schemaVersion: sample.event.schemaVersion, payload: bytes)
        #expect(decoded == sample.event)
        #expect(CareEventCodec.encode(decoded) == bytes, "encoding is deterministic")
    }

    @Test("Swift → NDJSON line → Swift gives the same line", arguments: samples)
    func ndjsonRoundTrip(_ sample: Sample) throws {
        let line = EventLine(
            line: 4, stream: sample.streamName, event: sample.event, occurredAt: instant("2020-02-03T08:00:00Z"),
            actor: "staff/S2", expectedVersion: .exactly(3), idempotencyKey: "k-1", correlationID: "c", causationID: "d"
        )
        let reparsed = try EventLine.parse(Array(line.ndjson.utf8), line: 4)
        #expect(reparsed == line)
    }

    @Test("encoded payloads have their keys sorted")
    func keysSorted() throws {
        let text = String(decoding: CareEventCodec.encode(sample("VisitScheduled").event), as: UTF8.self)
        #expect(
            text
                == #"{"carersNeeded":2,"personId":"P1","plannedMinutes":45,"plannedStart":"2020-02-03T08:00:00.000Z","staffIds":["S2"],"tasks":["personal-care"],"team":"barrhead","timeCritical":true}"#
        )
    }

    @Test("the type, schema version and stream kind come from the payload type")
    func eventMetadata() {
        let visit = sample("VisitScheduled").event
        #expect(visit.type == "VisitScheduled")
        #expect(visit.schemaVersion == 2)
        #expect(visit.streamKind == .visit)
        #expect(sample("EntryVoided").event.streamKind == nil)
        #expect(sample("MedicationRecorded").event.streamKind == .medication)
    }

    @Test("a recorded event read back from a store decodes to what was appended")
    func decodeRecorded() throws {
        let store = makeStore()
        let event = sample("ReviewHeld").event
        try store.append([event.proposed(stream: StreamName("person/P1")!, occurredAt: testNow, actor: "staff/S4")])
        let recorded = try #require(try store.events().first)
        #expect(recorded.schemaVersion == 1)
        #expect(try CareEventCodec.decode(recorded) == event)
    }

    @Test("an unknown event type is rejected without echoing it")
    func unknownType() {
        #expect(throws: CatalogueError.self) {
            try CareEventCodec.decode(type: sentinel, schemaVersion: 1, payload: Array("{}".utf8))
        }
        do {
            _ = try CareEventCodec.decode(type: sentinel, schemaVersion: 1, payload: Array("{}".utf8))
        } catch {
            #expect(error.kind == .unknownEventType)
            #expect(!error.description.contains(sentinel))
        }
    }

    @Test("a schema version this build does not read is rejected")
    func unsupportedVersion() {
        do {
            _ = try CareEventCodec.decode(type: "ReviewHeld", schemaVersion: 2, payload: Array("{}".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unsupportedSchemaVersion)
            #expect(error.fieldPath == "schemaVersion")
        }
    }

    @Test("a decoding failure in stored bytes names the field under data.")
    func storedBytesFieldPath() {
        do {
            _ = try CareEventCodec.decode(
                type: "StaffLeft", schemaVersion: 1, payload: Array(#"{"leftOn":"2020-05-31"}"#.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .missingField)
            #expect(error.fieldPath == "data.reason")
            #expect(error.eventType == "StaffLeft")
        }
    }

    @Test("RulesAdopted fills every absent threshold with the Scottish default")
    func rulesDefaults() throws {
        let event = try CareEventCodec.decode(
            type: "RulesAdopted", schemaVersion: 1, payload: Array(#"{"effectiveFrom":"2020-04-01"}"#.utf8))
        guard case .rulesAdopted(let rules) = event else {
            Issue.record("not RulesAdopted")
            return
        }
        #expect(rules.planDeadlineDays == 28)
        #expect(rules.reviewIntervalMonths == 6)
        #expect(rules.reviewOnRequestDeadlineDays == 28)
        #expect(rules.reviewOnRequestDeadlineIsLocalPolicy)
        #expect(rules.lateVisitToleranceMinutes == 30)
        #expect(rules.timeCriticalToleranceMinutes == 15)
        #expect(rules.shortVisitToleranceMinutes == 15)
        #expect(rules.complaintStage1WorkingDays == 5)
        #expect(rules.complaintStage1ExtensionWorkingDays == 5)
        #expect(rules.complaintStage2AcknowledgeWorkingDays == 3)
        #expect(rules.complaintStage2ResponseWorkingDays == 20)
        #expect(rules.notificationDeadline(for: .death) == (24, false))
        #expect(rules.requiredTraining.count == 7)
        #expect(rules.ragMissingData == .noData)
    }

    @Test("reporting quarters parse strictly and know their days")
    func quarters() throws {
        let q = try #require(Quarter("2020-Q1"))
        #expect(q.firstDay == day("2020-01-01"))
        #expect(q.lastDay == day("2020-03-31"))
        #expect(q.previous.description == "2019-Q4")
        #expect(q.next.description == "2020-Q2")
        #expect(Quarter("2020-Q5") == nil)
        #expect(Quarter("2020Q1") == nil)
    }

    @Test("an update's quarter is the calendar Quarter; a bad one names the field without echoing it")
    func updateQuarterDecodes() throws {
        let good = #"{"activityId":"a1","nextQuarterPlan":[],"quarter":"2020-Q1","updates":["u"]}"#
        let event = try CareEventCodec.decode(
            type: ActivityUpdateRecorded.eventType, schemaVersion: 1, payload: Array(good.utf8))
        guard case .activityUpdateRecorded(let update) = event else {
            Issue.record("decoded as another event")
            return
        }
        #expect(update.quarter == Quarter("2020-Q1"))
        let bad = #"{"activityId":"a1","nextQuarterPlan":[],"quarter":"2020-Q7","updates":["u"]}"#
        do {
            _ = try CareEventCodec.decode(
                type: ActivityUpdateRecorded.eventType, schemaVersion: 1, payload: Array(bad.utf8))
            Issue.record("a bad quarter was accepted")
        } catch {
            #expect(error.fieldPath?.hasSuffix("quarter") == true)
            #expect(error.message.contains("YYYY-Qn"))
            #expect(!error.description.contains("2020-Q7"))
        }
    }
}

@Suite("Upcasting: older schema versions read as the current one")
struct UpcastTests {
    let v1 = #"{"personId":"P1","plannedStart":"2020-02-03T08:00:00Z","durationMinutes":30,"timeCritical":true}"#

    @Test("VisitScheduled v1 durationMinutes becomes plannedMinutes, with one carer")
    func visitScheduledV1() throws {
        let event = try CareEventCodec.decode(type: "VisitScheduled", schemaVersion: 1, payload: Array(v1.utf8))
        #expect(
            event
                == .visitScheduled(
                    VisitScheduled(
                        personId: "P1", plannedStart: instant("2020-02-03T08:00:00Z"), plannedMinutes: 30,
                        carersNeeded: 1,
                        timeCritical: true)))
        #expect(event.schemaVersion == 2)
    }

    @Test("an NDJSON line written at schemaVersion 1 is upcast and re-encoded at version 2")
    func ndjsonV1() throws {
        let line = try parsed(
            try ndjsonLine(
                stream: "visit/V1", type: "VisitScheduled",
                data: try JSONSerialization.jsonObject(with: Data(v1.utf8)), extra: ["schemaVersion": 1]))
        #expect(line.inputSchemaVersion == 1)
        #expect(line.proposedEvent.schemaVersion == 2)
        let text = String(decoding: line.proposedEvent.payload, as: UTF8.self)
        #expect(text.contains(#""plannedMinutes":30"#))
        #expect(text.contains(#""carersNeeded":1"#))
    }

    @Test("a v2 payload is not accepted as v1")
    func v2IsNotV1() throws {
        let v2 = CareEventCodec.encode(sample("VisitScheduled").event)
        do {
            _ = try CareEventCodec.decode(type: "VisitScheduled", schemaVersion: 1, payload: v2)
            Issue.record("expected an error")
        } catch {
            #expect(error.fieldPath == "data.durationMinutes")
            #expect(error.kind == .missingField)
        }
    }

    @Test("a stored v1 event is read back upcast")
    func storedV1() throws {
        let store = makeStore()
        try store.append([
            ProposedEvent(
                stream: StreamName("visit/V1")!, type: "VisitScheduled", schemaVersion: 1, occurredAt: testNow,
                actor: "system/cm2000", payload: Array(v1.utf8))
        ])
        let recorded = try #require(try store.events().first)
        guard case .visitScheduled(let visit) = try CareEventCodec.decode(recorded) else {
            Issue.record("not a VisitScheduled")
            return
        }
        #expect(visit.plannedMinutes == 30)
        #expect(visit.carersNeeded == 1)
    }
}
