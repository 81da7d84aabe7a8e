import CarelogCLI
import Foundation
import Reports
import Testing

/// `carelog report complaints` on the demo store: every format, deterministic, replayable.
@Suite struct ComplaintsReportCommandTests {
    @Test func complaintsReportRendersInEveryFormatAndReplaysFromItsManifest() throws {
        let cli = CLIHarness()
        let store = try ExtractTrustTests.demo(cli)
        let arguments = [
            "report", "complaints", "--store", store, "--from", "2020-01-01", "--to", "2020-04-30", "--as-at",
            "2020-04-30",
        ]
        for format in ["markdown", "csv", "json", "html", "docx"] {
            let file = cli.path("complaints.\(format)")
            let manifest = file + ".manifest.json"
            let run = cli.run(arguments + ["--format", format, "--output", file, "--manifest", manifest])
            try #require(run.exitCode == 0, "\(format): \(run.stderr)")
            let verified = cli.run(["verify-extract", file, "--manifest", manifest, "--store", store])
            #expect(verified.exitCode == 0, "\(format): \(verified.stderr)")
            #expect(verified.stdout.contains("byte for byte"))
        }
        let markdown = cli.run(arguments)
        #expect(markdown.stdout.contains("## Each complaint"))
        #expect(markdown.stdout.contains("Stage 1 due"))
    }
}
