import CareRecord
import CarelogOperations
import EventLog
import TestSupport
import Testing

/// ``CarelogOperations/OneEventAppend`` (behind `carelog append`, access grants and the service's
/// `POST /v1/events`) when another writer reaches the same stream between planning and commit:
/// a fact is recorded once, as when the appends come one after another.
@Suite struct OneEventAppendTests {
    private static let seed = [
        #"{"stream":"staff/S001","type":"StaffJoined","occurredAt":"2020-01-02T09:00:00Z","actor":"system/hr","data":{"joinedOn":"2020-01-02","role":"homeCareWorker","team":"barrhead"}}"#,
        #"{"stream":"staff/S002","type":"StaffJoined","occurredAt":"2020-01-02T09:00:00Z","actor":"system/hr","data":{"joinedOn":"2020-01-02","role":"homeCareWorker","team":"barrhead"}}"#,
        #"{"stream":"person/P001","type":"ServiceStarted","occurredAt":"2020-01-06T09:00:00Z","actor":"staff/S001","data":{"firstServiceOn":"2020-01-06","model":"timeAndTask","plannedHoursPerWeek":7,"team":"barrhead","locality":"barrhead"}}"#,
        #"{"stream":"visit/V001","type":"VisitScheduled","occurredAt":"2020-01-06T06:00:00Z","actor":"system/roster","data":{"personId":"P001","plannedStart":"2020-01-06T09:00:00Z","plannedMinutes":30,"carersNeeded":2,"timeCritical":false}}"#,
    ]
    private static func checkIn(_ staff: String, expectedVersion: Int? = nil) -> String {
        let expectation = expectedVersion.map { #""expectedVersion":\#($0),"# } ?? ""
        return
            #"{"stream":"visit/V001","type":"VisitCheckedIn",\#(expectation)"occurredAt":"2020-01-06T09:04:00Z","actor":"staff/\#(staff)","data":{"checkedInAt":"2020-01-06T09:04:00Z","staffId":"\#(staff)","method":"electronic"}}"#
    }
    private static let now = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)

    private static func line(_ text: String) throws -> EventLine { try EventLine.parse(Array(text.utf8), line: 1) }

    /// A store holding the seed whose first append is preceded by `intruder`'s.
    private static func racing(intruder: String) throws -> RacingStore {
        let base = InMemoryEventStore(clock: { now })
        for text in seed { try base.append([try line(text).proposedEvent]) }
        return RacingStore(base: base, intruder: AppendBatch(events: [try line(intruder).proposedEvent]))
    }

    private static func checkIns(_ store: RacingStore) throws -> [RecordedEvent] {
        try store.base.events().filter { $0.type == "VisitCheckedIn" }
    }

    @Test func theSameFactCommittedMeanwhileIsFoundRecordedNotRecordedTwice() throws {
        let store = try Self.racing(intruder: Self.checkIn("S001"))
        let outcome = try OneEventAppend.append(try Self.line(Self.checkIn("S001")), to: store, now: { Self.now })
        guard case .alreadyRecorded(let place) = outcome else {
            Issue.record("expected the fact found recorded, got \(outcome)")
            return
        }
        #expect(place.stream.description == "visit/V001")
        #expect(place.version == 2)
        #expect(try Self.checkIns(store).count == 1)
    }

    @Test func anotherFactCommittedMeanwhileIsFollowed() throws {
        let store = try Self.racing(intruder: Self.checkIn("S002"))
        let outcome = try OneEventAppend.append(try Self.line(Self.checkIn("S001")), to: store, now: { Self.now })
        guard case .appended(let result) = outcome else {
            Issue.record("expected an append, got \(outcome)")
            return
        }
        #expect(result.positions.first?.streamVersion == 3)
        #expect(try Self.checkIns(store).map(\.stream.description) == ["visit/V001", "visit/V001"])
    }

    @Test func aLineThatStatesItsExpectedVersionKeepsItsConflict() throws {
        let store = try Self.racing(intruder: Self.checkIn("S002"))
        #expect(throws: EventStoreError.self) {
            try OneEventAppend.append(
                try Self.line(Self.checkIn("S001", expectedVersion: 1)), to: store, now: { Self.now })
        }
        #expect(try Self.checkIns(store).count == 1)
    }

    @Test func aPlanExpectsTheVersionItReadUnlessTheLineStatesOne() throws {
        let store = try Self.racing(intruder: Self.checkIn("S002"))
        guard
            case .append(let batch, let pinned) = try OneEventAppend.plan(
                try Self.line(Self.checkIn("S001")), store: store, now: Self.now)
        else {
            Issue.record("expected a batch")
            return
        }
        #expect(pinned?.description == "visit/V001")
        #expect(batch.expectedVersions.values.first == .exactly(1))
        guard
            case .append(_, let stated) = try OneEventAppend.plan(
                try Self.line(Self.checkIn("S001", expectedVersion: 1)), store: store, now: Self.now)
        else {
            Issue.record("expected a batch")
            return
        }
        #expect(stated == nil)
    }
}
