import CarelogCLI
import EventLog
import Foundation
import Testing

/// `carelog import --mapping`: dry run, error report, import (Docs/import.md).
@Suite struct MappedImportCommandTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Docs/examples").path
    static let later = Timestamp(millisecondsSinceEpoch: 1_609_459_200_000)  // 2021-01-01

    func seededStore(_ cli: CLIHarness) -> String {
        let store = cli.path("store")
        _ = cli.run(["init", "--store", store])
        _ = cli.run(["import", "--store", store, Self.examples + "/partnership-sample.ndjson"], clock: Self.later)
        return store
    }

    @Test func dryRunPrintsCountsPerTypeAndAppendsNothing() throws {
        let cli = CLIHarness()
        let store = seededStore(cli)
        let mapping = Self.examples + "/ecm-visits.mapping.yaml"
        let csv = Self.examples + "/ecm-visits.csv"
        let dry = cli.run(["import", "--store", store, "--mapping", mapping, "--dry-run", csv], clock: Self.later)
        #expect(dry.exitCode == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("  VisitScheduled: 5 new, 0 already recorded, 0 corrections\n"))
        let real = cli.run(["import", "--store", store, "--mapping", mapping, csv], clock: Self.later)
        #expect(real.exitCode == 0, "\(real.stderr)")
        #expect(real.stdout.hasSuffix("imported 15 events (sequences 90–104), 0 already recorded\n"))
        let again = cli.run(["import", "--store", store, "--mapping", mapping, csv], clock: Self.later)
        #expect(again.stdout.hasSuffix("imported 0 events, 15 already recorded\n"))
    }

    @Test func chunkedDryRunCountsAsTheImportAndRemovesItsScratchStore() throws {
        let cli = CLIHarness()
        let store = seededStore(cli)
        let mapping = Self.examples + "/ecm-visits.mapping.yaml"
        var csv = try String(contentsOfFile: Self.examples + "/ecm-visits.csv", encoding: .utf8)
        // The first two rows again at the end: already recorded, three chunks after they were planned.
        let rows = csv.components(separatedBy: .newlines).filter { !$0.isEmpty }
        try #require(rows.count > 3)
        csv += rows[1] + "\r\n" + rows[2] + "\r\n"
        let source = cli.write("repeated.csv", csv)
        func scratchFolders() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
                $0.hasPrefix("carelog-dry-run-")
            }
        }
        let before = try scratchFolders()
        let dry = cli.run(
            ["import", "--store", store, "--mapping", mapping, "--chunk", "2", "--dry-run", source], clock: Self.later)
        #expect(dry.exitCode == 0, "\(dry.stderr)")
        #expect(try scratchFolders() == before)
        let real = cli.run(
            ["import", "--store", store, "--mapping", mapping, "--chunk", "2", source], clock: Self.later)
        #expect(real.exitCode == 0, "\(real.stderr)")
        #expect(dry.stdout.contains("  VisitScheduled: 5 new, 2 already recorded, 0 corrections\n"))
        let counts = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("  ") } }
        #expect(counts(dry.stdout) == counts(real.stdout))
    }

    @Test func problemsAreListedAndWrittenAsAPrivateCSVWithoutCellValues() throws {
        let cli = CLIHarness()
        let store = seededStore(cli)
        var csv = try String(contentsOfFile: Self.examples + "/ecm-visits.csv", encoding: .utf8)
        csv = csv.replacingOccurrences(of: "12:30,30,", with: "12:30,Zebedee,")
        let source = cli.write("bad.csv", csv)
        let report = cli.path("problems.csv")
        let run = cli.run(
            [
                "import", "--store", store, "--mapping", Self.examples + "/ecm-visits.mapping.yaml", "--errors-csv",
                report,
                source,
            ], clock: Self.later)
        #expect(run.exitCode == 65)
        #expect(run.stdout.contains("problem: row 3, column \"Planned Duration\""))
        #expect(run.stderr.contains("nothing was appended"))
        let written = try String(contentsOfFile: report, encoding: .utf8)
        #expect(written.hasPrefix("row,column,field,message\r\n3,Planned Duration,"))
        #expect(!(run.stdout + run.stderr + written).contains("Zebedee"))
        let mode = try FileManager.default.attributesOfItem(atPath: report)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func mappingOptionsWithoutAMappingAreUsageErrors() {
        let cli = CLIHarness()
        let store = seededStore(cli)
        #expect(cli.run(["import", "--store", store, "--dry-run", "x.ndjson"]).exitCode == 64)
        #expect(cli.run(["import", "--store", store, "--sheet", "Visits", "x.ndjson"]).exitCode == 64)
    }
}
