import CarelogCLI
import EventLog
import Foundation
import Testing

/// `carelog import --mapping M -`: the export read from standard input.
@Suite struct MappedImportStandardInputTests {
    static let examples = MappedImportCommandTests.examples
    static let later = MappedImportCommandTests.later

    @Test func aCSVExportOnStandardInputImportsLikeTheFile() throws {
        let fromFile = CLIHarness()
        let fileStore = MappedImportCommandTests().seededStore(fromFile)
        let mapping = Self.examples + "/ecm-visits.mapping.yaml"
        let csv = Self.examples + "/ecm-visits.csv"
        let file = fromFile.run(["import", "--store", fileStore, "--mapping", mapping, csv], clock: Self.later)
        #expect(file.exitCode == 0, "\(file.stderr)")

        let fromInput = CLIHarness()
        let inputStore = MappedImportCommandTests().seededStore(fromInput)
        fromInput.standardInput = Array(try Data(contentsOf: URL(fileURLWithPath: csv)))
        let piped = fromInput.run(
            ["import", "--store", inputStore, "--mapping", mapping, "--source-format", "csv", "-"], clock: Self.later)
        #expect(piped.exitCode == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("read from standard input"))
        #expect(piped.stdout.hasSuffix("imported 15 events (sequences 90–104), 0 already recorded\n"))
        // The same events: the same log after the same clock.
        let logOf = { (cli: CLIHarness, store: String) in
            cli.run(["log", "--store", store, "--format", "ndjson"]).stdout
        }
        #expect(logOf(fromInput, inputStore) == logOf(fromFile, fileStore))
        // Read again from standard input: nothing new (the source's own record ids).
        let again = fromInput.run(["import", "--store", inputStore, "--mapping", mapping, "-"], clock: Self.later)
        #expect(again.stdout.hasSuffix("imported 0 events, 15 already recorded\n"))
    }

    @Test func aDeclaredFormatThatDoesNotMatchTheBytesIsRefused() throws {
        let cli = CLIHarness()
        let store = MappedImportCommandTests().seededStore(cli)
        let mapping = Self.examples + "/ecm-visits.mapping.yaml"
        cli.standardInput = Array(try Data(contentsOf: URL(fileURLWithPath: Self.examples + "/ecm-visits.csv")))
        let wrong = cli.run(
            ["import", "--store", store, "--mapping", mapping, "--source-format", "xlsx", "-"], clock: Self.later)
        #expect(wrong.exitCode == 65)
        #expect(wrong.stderr.contains("standard input is not an .xlsx workbook"))
        #expect(cli.run(["import", "--store", store, "--source-format", "csv", "-"]).exitCode == 64)
    }
}
