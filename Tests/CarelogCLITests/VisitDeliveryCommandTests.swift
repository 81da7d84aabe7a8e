import CareCalendar
import CarelogCLI
import DemoPartnership
import EventLog
import Foundation
import Projections
import Testing

/// `carelog report visit-delivery` on demo stores: the figures agree with what the demo
/// generated, and every grouping is one option.
@Suite struct VisitDeliveryCommandTests {
    @Test func wholeServiceFiguresEqualTheCountsOfGeneratedVisits() throws {
        let store = InMemoryEventStore(storeID: "demo", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        let configuration = DemoConfiguration(seed: 5, people: 40, months: 3)
        let c = try DemoBuilder(configuration: configuration).build(into: store).counts
        let parameters = ProjectionParameters(
            asAt: configuration.lastDay, periodStart: configuration.startDate, periodEnd: configuration.lastDay)
        let output = try ProjectionRunner.run(VisitDelivery.self, parameters: parameters, store: store).output
        let s = output.service
        #expect(s.planned == c.visitsScheduled)
        #expect(s.delivered == c.visitsDelivered)
        #expect(s.onTime + s.early == c.visitsOnTime && s.late == c.visitsLate)
        #expect(s.manuallyVerified == c.visitsManual)
        #expect(s.missed + s.pending == c.visitsMissed)
        #expect(s.cancelled == c.visitsCancelledByPerson)
        // Each grouping partitions the visits (carers: one carer per demo visit).
        for grouping in VisitDeliveryGrouping.allCases {
            #expect(output.rows(grouping).reduce(0) { $0 + $1.planned } == s.planned, "\(grouping)")
            #expect(output.rows(grouping).reduce(0) { $0 + $1.late } == s.late, "\(grouping)")
        }
        #expect(c.visitsDelivered > 1000)
    }

    @Test func theGroupingIsAnOptionAndIsRecordedInTheManifest() throws {
        let cli = CLIHarness()
        let store = cli.path("demo")
        #expect(cli.run(["demo", "--store", store, "--people", "10", "--months", "2"]).exitCode == 0)
        let base = [
            "report", "visit-delivery", "--store", store, "--from", "2020-01-01", "--to", "2020-02-29", "--as-at",
            "2020-02-29", "--format", "csv",
        ]
        let byTeam = cli.run(base)
        #expect(byTeam.exitCode == 0, "\(byTeam.stderr)")
        #expect(byTeam.stdout.hasPrefix("section,team,planned,delivered,onTime,"))
        let manifest = cli.path("carers.manifest.json")
        let byCarer = cli.run(base + ["--by", "carer", "--output", cli.path("carers.csv"), "--manifest", manifest])
        #expect(byCarer.exitCode == 0, "\(byCarer.stderr)")
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: manifest)), as: UTF8.self)
        #expect(text.contains("by=carer"))
        #expect(text.contains("visit-delivery"))
        let wrong = cli.run(base + ["--by", "shift"])
        #expect(wrong.exitCode != 0)
        #expect(wrong.stderr.contains("--by"))
    }
}
