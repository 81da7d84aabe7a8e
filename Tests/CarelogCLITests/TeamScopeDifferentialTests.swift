import CareCalendar
import CareRecord
import DemoPartnership
import EventLog
import Projections
import Reports
import Testing

@testable import CarelogOperations

/// Visit delivery and the compliance trend for a team, against the partnership's own figures on
/// generated demo partnerships: a team's report is the partnership report's rows of that team's
/// people, and its trend is, month by month, the team's compliance report for that month.
@Suite struct TeamScopeDifferentialTests {
    /// A demo partnership in memory and each person's team as the log places them.
    static func demo(seed: UInt64) throws -> (InMemoryEventStore, DemoConfiguration, [String: String]) {
        let store = InMemoryEventStore(storeID: "scope-\(seed)", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        let configuration = DemoConfiguration(seed: seed, people: 45, months: 3)
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        var teams: [String: String] = [:]
        try store.read(EventSelection.types([ServiceStarted.eventType])) { recorded in
            if case .serviceStarted(let started) = try CareEventCodec.decode(recorded) {
                teams[String(recorded.stream.id)] = started.team
            }
        }
        return (store, configuration, teams)
    }

    static func counts(_ f: VisitDeliveryFigures) -> [Int] {
        [
            f.planned, f.delivered, f.onTime, f.late, f.early, f.short, f.missed, f.cancelled, f.pending,
            f.unverified, f.manuallyVerified, f.understaffed, f.plannedMinutes,
        ]
    }

    @Test(arguments: [UInt64(3), 11, 29])
    func aTeamsVisitDeliveryIsThePartnershipsRowsOfItsPeople(seed: UInt64) throws {
        let (store, configuration, teams) = try Self.demo(seed: seed)
        let parameters = ProjectionParameters(
            asAt: configuration.lastDay, periodStart: configuration.startDate, periodEnd: configuration.lastDay)
        let whole = try ProjectionRunner.run(VisitDelivery.self, parameters: parameters, store: store).output
        let names = Set(teams.values).sorted()
        try #require(names.count >= 2, "the demo has several teams")
        for team in names {
            let people = Set(teams.filter { $0.value == team }.keys)
            let scoped = whole.limited(toTeams: [team])
            let rows = whole.byPerson.filter { people.contains($0.group ?? "") }
            #expect(scoped.byPerson == rows, "seed \(seed) team \(team): the rows of its people")
            #expect(scoped.byTeam == whole.byTeam.filter { $0.group == team })
            // The whole-service row is the sum of its people's rows.
            let sum = rows.map(Self.counts).reduce(Array(repeating: 0, count: 13)) { zip($0, $1).map(+) }
            #expect(Self.counts(scoped.service) == sum, "seed \(seed) team \(team)")
            #expect(scoped.service.offsets == rows.flatMap(\.offsets).sorted())
            // Visits no carer attended: its people's missed, cancelled and pending visits.
            let unattended = scoped.byCarer.first { $0.group == VisitDelivery.unattendedGroup }?.planned ?? 0
            #expect(unattended == rows.reduce(0) { $0 + $1.missed + $1.cancelled + $1.pending })
            #expect(scoped.service.planned > 0)
        }
        #expect(whole.limited(toTeams: Set(names)) == whole)
    }

    @Test(arguments: [UInt64(3), 11, 29])
    func aTeamsTrendIsEachMonthsTeamCompliance(seed: UInt64) throws {
        let (store, configuration, teams) = try Self.demo(seed: seed)
        let team = try #require(Set(teams.values).sorted().first)
        var request = ReportRequest(
            asAt: configuration.lastDay, knownAt: .head, period: configuration.startDate...configuration.lastDay,
            format: .csv)
        request.scope = .team(team)
        let trend = try ReportWiring.complianceTrendOutput(request, store: store, cache: nil).0.limited(toTeams: [team])
        #expect(trend.months.count == 3)
        for month in trend.months {
            var monthly = request
            monthly.period = month.period
            let alone = try ReportWiring.complianceOutput(monthly, store: store, cache: nil).0
            #expect(month.compliance == alone.limited(toTeams: [team]), "seed \(seed) \(month.period)")
            #expect(month.compliance.teams.map(\.team) == [team])
        }
        // The rendered report: the scoped trend's document, titled with its scope.
        let built = try ReportWiring.build(.complianceTrend, request, store: store)
        #expect(built.document.title.hasSuffix("— team \(team)"))
        #expect(built.options == ["team=\(team)"])
    }

    @Test func oneSavedStateServesEveryScopeAndTheCachedReportIsARebuildsBytes() throws {
        let (store, configuration, teams) = try Self.demo(seed: 5)
        let team = try #require(Set(teams.values).sorted().first)
        var request = ReportRequest(
            asAt: configuration.lastDay, knownAt: .head, period: configuration.startDate...configuration.lastDay,
            format: .csv, visitGrouping: .carer)
        let cache = MemoryFoldStateCache()
        _ = try ReportWiring.report(.visitDelivery, request, store: store, cache: cache)
        let keys = Set(cache.entries.keys)
        request.scope = .team(team)
        let rebuilt = try ReportWiring.report(.visitDelivery, request, store: store)
        let cached = try ReportWiring.report(.visitDelivery, request, store: store, cache: cache)
        #expect(cached.bytes == rebuilt.bytes)
        #expect(Set(cache.entries.keys) == keys, "the scope is not part of the saved state's key")
        #expect(cached.manifest.options == ["by=carer", "team=\(team)"])
        request.scope = .team("no-such-team")
        let empty = try ReportWiring.build(.visitDelivery, request, store: store, cache: cache)
        #expect(empty.document.title.hasSuffix("— team no-such-team"))
    }
}
