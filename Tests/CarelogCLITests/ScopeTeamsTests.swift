import CareCalendar
import CareRecord
import EventLog
import Projections
import Reports
import Testing

@testable import CarelogOperations

/// The teams a service (locality) scope covers are read as the log stood at the report's cut,
/// with corrections applied: a voided `ServiceStarted` places no team, a corrected one places
/// the team and locality it now names.
@Suite struct ScopeTeamsTests {
    static func started(_ team: String, _ locality: String) -> CareEvent {
        .serviceStarted(
            ServiceStarted(
                firstServiceOn: CareDate(year: 2020, month: 1, day: 6)!, model: .timeAndTask, plannedHoursPerWeek: 7,
                team: team, locality: locality))
    }

    static func teams(_ store: InMemoryEventStore, knownAt: KnownAt) throws -> Set<String>? {
        var request = ReportRequest(
            asAt: CareDate(year: 2020, month: 3, day: 31)!, knownAt: knownAt, format: .json)
        request.scope = .service("north")
        return try ReportWiring.scopeTeams(.reviewsDue, request, store: store)
    }

    @Test func aServiceScopeFollowsVoidsAndCorrectionsOfServiceStarted() throws {
        let store = InMemoryEventStore(storeID: "scope", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        let at = Timestamp(millisecondsSinceEpoch: 0)
        for (person, event) in [
            ("P1", Self.started("north-a", "north")), ("P2", Self.started("north-b", "north")),
            ("P3", Self.started("south-a", "south")),
        ] {
            try store.append([
                event.proposed(stream: try #require(StreamName("person/\(person)")), occurredAt: at, actor: "t")
            ])
        }
        #expect(try Self.teams(store, knownAt: .head) == ["north-a", "north-b"])
        try store.append([
            CareEvent.entryVoided(EntryVoided(sequence: 2, reason: .enteredInError)).proposed(
                stream: try #require(StreamName("person/P2")), occurredAt: at, actor: "t"),
            CareEvent.entryCorrected(
                EntryCorrected(sequence: 3, reason: .wrongTime, replacement: Self.started("south-a", "north"))
            ).proposed(stream: try #require(StreamName("person/P3")), occurredAt: at, actor: "t"),
        ])
        #expect(try Self.teams(store, knownAt: .head) == ["north-a", "south-a"], "as corrected")
        #expect(try Self.teams(store, knownAt: .sequence(3)) == ["north-a", "north-b"], "as known before")
    }
}
