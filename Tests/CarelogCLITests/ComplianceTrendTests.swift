import CareCalendar
import CarelogCLI
import DemoPartnership
import EventLog
import Foundation
import Projections
import Reports
import Testing

/// The compliance trend folds the log once yet gives, for every month, exactly the compliance
/// report run for that month alone (differential test on a demo partnership).
@Suite struct ComplianceTrendTests {
    @Test func eachMonthEqualsTheComplianceReportRunForThatMonthAlone() throws {
        let store = InMemoryEventStore(storeID: "trend", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        let configuration = DemoConfiguration(seed: 7, people: 30, months: 4)
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        let asAt = configuration.lastDay
        let period = configuration.startDate.adding(days: 10)...asAt
        let trend = try ProjectionRunner.run(
            ComplianceTrend.self,
            parameters: ProjectionParameters(asAt: asAt, periodStart: period.lowerBound, periodEnd: period.upperBound),
            store: store
        ).output
        #expect(trend.months.map(\.period) == ComplianceTrend.months(of: period))
        #expect(trend.months.count >= 4)
        for month in trend.months {
            let alone = try ProjectionRunner.run(
                Compliance.self,
                parameters: ProjectionParameters(
                    asAt: asAt, periodStart: month.period.lowerBound, periodEnd: month.period.upperBound),
                store: store
            ).output
            #expect(month.compliance == alone, "\(month.period)")
        }
        #expect(trend.months.contains { $0.compliance.service.visitsOnTime.denominator > 0 })
    }

    @Test func aTrendOfMoreThanTwentyYearsIsAUsageError() throws {
        let cli = CLIHarness()
        let store = cli.path("store")
        try #require(cli.run(["init", "--store", store]).exitCode == 0)
        let base = ["report", "compliance-trend", "--store", store, "--as-at", "2020-04-30", "--to", "2020-04-30"]
        let long = cli.run(base + ["--from", "2000-04-01"])
        #expect(long.exitCode == 64)
        #expect(long.stderr.contains("at most 240 calendar months"))
        #expect(cli.run(base + ["--from", "2000-05-01", "--format", "csv"]).exitCode == 0, "exactly 240 months")
    }

    @Test func monthsAreCutToThePeriod() {
        func day(_ text: String) -> CareDate { CareDate(iso8601: text)! }
        let months = ComplianceTrend.months(of: day("2020-01-15")...day("2020-03-10"))
        #expect(
            months == [
                day("2020-01-15")...day("2020-01-31"), day("2020-02-01")...day("2020-02-29"),
                day("2020-03-01")...day("2020-03-10"),
            ])
    }

    @Test func complianceTrendCommandRendersEveryFormatAndReplays() throws {
        let cli = CLIHarness()
        let store = try ExtractTrustTests.demo(cli)
        let arguments = [
            "report", "compliance-trend", "--store", store, "--from", "2020-01-01", "--to", "2020-04-30", "--as-at",
            "2020-04-30",
        ]
        for format in ["markdown", "csv", "json", "html", "docx"] {
            let file = cli.path("trend.\(format)")
            let manifest = file + ".manifest.json"
            let run = cli.run(arguments + ["--format", format, "--output", file, "--manifest", manifest])
            try #require(run.exitCode == 0, "\(format): \(run.stderr)")
            let verified = cli.run(["verify-extract", file, "--manifest", manifest, "--store", store])
            #expect(verified.exitCode == 0, "\(format): \(verified.stderr)")
        }
        let html = cli.run(arguments + ["--format", "html"]).stdout
        #expect(html.contains("<svg"))
        #expect(html.contains("<title id=\"chart-2-title\">"))
    }
}
