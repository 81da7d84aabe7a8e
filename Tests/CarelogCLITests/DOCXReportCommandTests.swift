import CarelogCLI
import Foundation
import Reports
import Testing

/// `--format docx`: binary, so written only to `--output`, bound to the log by its manifest
/// like every other format, and replayed byte for byte by `verify-extract`.
@Suite struct DOCXReportCommandTests {
    @Test func docxIsRefusedOnStandardOutputAndNamesTheOption() throws {
        let cli = CLIHarness()
        let store = try ExtractTrustTests.demo(cli)
        let run = cli.run(["report", "rag", "--quarter", "2020-Q1", "--store", store, "--format", "docx"])
        #expect(run.exitCode != 0)
        #expect(run.stderr.contains("--output"))
        #expect(run.stdout.isEmpty)
    }

    @Test func docxWrittenToAFileIsDeterministicAndReplaysFromItsManifest() throws {
        let cli = CLIHarness()
        let store = try ExtractTrustTests.demo(cli)
        let arguments = ["report", "rag", "--quarter", "2020-Q1", "--store", store, "--as-at", "2020-04-30"]
        let file = cli.path("rag.docx")
        let manifest = file + ".manifest.json"
        let run = cli.run(arguments + ["--format", "docx", "--output", file, "--manifest", manifest])
        try #require(run.exitCode == 0, "\(run.stderr)")
        let bytes = try ExtractTrustTests.bytes(file)
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let again = cli.path("rag-again.docx")
        #expect(cli.run(arguments + ["--format", "docx", "--output", again]).exitCode == 0)
        #expect(try ExtractTrustTests.bytes(again) == bytes, "the same log and parameters give the same bytes")
        let parsed = try ExtractManifest(json: try ExtractTrustTests.bytes(manifest))
        #expect(parsed.format == "docx")
        #expect(parsed.byteCount == bytes.count)
        let verified = cli.run(["verify-extract", file, "--manifest", manifest, "--store", store])
        #expect(verified.exitCode == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("byte for byte"))
    }
}
