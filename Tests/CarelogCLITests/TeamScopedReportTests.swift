import CareCalendar
import CarelogCLI
import EventLog
import Foundation
import LMDBEventLog
import Projections
import Testing

/// `--team` / `--service` on the reports a team or service can be limited to: the same fold,
/// only the scope's people and figures, recorded in the manifest so `verify-extract` replays it.
@Suite struct TeamScopedReportTests {
    static let asAt = CareDate(year: 2020, month: 4, day: 30)!

    /// The demo's reviews-due groups as the projection sees them (team → its people).
    static func groups(_ store: String) throws -> [ReviewsDueTeam] {
        let opened = try LMDBEventStore(path: store)
        return try ProjectionRunner.run(ReviewsDue.self, parameters: ProjectionParameters(asAt: asAt), store: opened)
            .output.teams
    }

    @Test func reviewsDueForATeamListsExactlyThatTeamsPeople() throws {
        let cli = CLIHarness()
        let store = try ExtractTrustTests.demo(cli)
        let groups = try Self.groups(store)
        try #require(Set(groups.map(\.team)).count >= 2, "the demo has several teams")
        let team = try #require(groups.first).team
        let ours = Set(groups.filter { $0.team == team }.flatMap(\.people).map(\.personId))
        let theirs = Set(groups.filter { $0.team != team }.flatMap(\.people).map(\.personId))
        try #require(!ours.isEmpty && !theirs.isEmpty)
        let run = cli.run(["report", "review-due", "--store", store, "--as-at", "2020-04-30", "--team", team])
        try #require(run.exitCode == 0, "\(run.stderr)")
        for person in ours { #expect(run.stdout.contains(person), "\(person) of \(team) is listed") }
        for person in theirs { #expect(!run.stdout.contains(person + " "), "\(person) of another team is not") }
        #expect(run.stdout.contains("team \(team)"), "the title names the scope")
    }

    @Test func aScopedComplianceReportSumsOnlyItsTeamsAndReplaysFromItsManifest() throws {
        let cli = CLIHarness()
        let store = try ExtractTrustTests.demo(cli)
        let team = try #require(try Self.groups(store).first).team
        let opened = try LMDBEventStore(path: store)
        let parameters = ProjectionParameters(
            asAt: Self.asAt, periodStart: CareDate(year: 2020, month: 1, day: 1)!, periodEnd: Self.asAt)
        let whole = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: opened).output
        let scoped = whole.limited(toTeams: [team])
        #expect(scoped.teams.map(\.team) == [team])
        let measures = try #require(whole.measures(for: team))
        #expect(scoped.service.visitsOnTime == measures.visitsOnTime)
        #expect(scoped.service.missedVisits == measures.missedVisits)
        #expect(scoped.service.visitsOnTime.denominator < whole.service.visitsOnTime.denominator)
        #expect(scoped.complaintDeadlines.allSatisfy { $0.team == team })

        let file = cli.path("compliance.csv")
        let manifest = file + ".manifest.json"
        let run = cli.run([
            "report", "compliance", "--store", store, "--from", "2020-01-01", "--to", "2020-04-30", "--as-at",
            "2020-04-30", "--team", team, "--format", "csv", "--output", file, "--manifest", manifest,
        ])
        try #require(run.exitCode == 0, "\(run.stderr)")
        let recorded = try String(contentsOfFile: manifest, encoding: .utf8)
        #expect(recorded.contains("team=\(team)"))
        let verified = cli.run(["verify-extract", file, "--manifest", manifest, "--store", store])
        #expect(verified.exitCode == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("byte for byte"))
    }

    @Test func aServiceScopeKeepsTheTeamsOfItsLocality() throws {
        let cli = CLIHarness()
        let store = try ExtractTrustTests.demo(cli)
        let groups = try Self.groups(store)
        let group = try #require(groups.first { $0.locality != nil })
        let locality = try #require(group.locality)
        let run = cli.run(["report", "review-due", "--store", store, "--as-at", "2020-04-30", "--service", locality])
        try #require(run.exitCode == 0, "\(run.stderr)")
        for entry in groups.filter({ $0.locality == locality }).flatMap(\.people) {
            #expect(run.stdout.contains(entry.personId))
        }
        for entry in groups.filter({ $0.locality != locality }).flatMap(\.people) {
            #expect(!run.stdout.contains(entry.personId + " "))
        }
    }

    @Test(arguments: [
        ["visit-delivery", "--by", "person"], ["visit-delivery", "--by", "carer"], ["compliance-trend"],
    ])
    func aScopedVisitDeliveryOrTrendReplaysByteForByteFromItsManifest(report: [String]) throws {
        let cli = CLIHarness()
        let store = try ExtractTrustTests.demo(cli)
        let groups = try Self.groups(store)
        let team = try #require(groups.first).team
        let theirs = Set(groups.filter { $0.team != team }.flatMap(\.people).map(\.personId))
        let file = cli.path("scoped.csv")
        let manifest = file + ".manifest.json"
        let arguments =
            ["report"] + report + [
                "--store", store, "--from", "2020-01-01", "--to", "2020-04-30", "--as-at", "2020-04-30", "--format",
                "csv", "--team", team,
            ]
        let run = cli.run(arguments + ["--output", file, "--manifest", manifest])
        try #require(run.exitCode == 0, "\(run.stderr)")
        let recorded = try String(contentsOfFile: manifest, encoding: .utf8)
        #expect(recorded.contains("team=\(team)"))
        let written = try String(contentsOfFile: file, encoding: .utf8)
        for person in theirs { #expect(!written.contains(person + ","), "\(person) of another team has no row") }
        let verified = cli.run(["verify-extract", file, "--manifest", manifest, "--store", store])
        #expect(verified.exitCode == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("byte for byte"))
        // Through the projection cache (the first run saved the partnership's fold) or not, the same bytes.
        let uncached = cli.run(arguments + ["--no-cache"])
        #expect(uncached.exitCode == 0 && uncached.stdout == written)
    }

    @Test func aPartnershipWideReportRefusesAScopeWithAUsageError() throws {
        let cli = CLIHarness()
        let store = try ExtractTrustTests.demo(cli)
        let rag = cli.run(["report", "rag", "--store", store, "--as-at", "2020-04-30", "--team", "barrhead"])
        #expect(rag.exitCode != 0)
        let both = cli.run([
            "report", "review-due", "--store", store, "--as-at", "2020-04-30", "--team", "a", "--service", "b",
        ])
        #expect(both.exitCode == 64)
        #expect(both.stderr.contains("not both"))
    }
}
