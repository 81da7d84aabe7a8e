import CarelogCLI
import EventLog
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `carelog report review-due --into DIR`: what the weekly timer runs
/// (`Docs/examples/systemd/carelog-reviews-due.timer`).
@Suite struct ReviewsDueFolderTests {
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    @Test func eachRunWritesADatedFileAndItsManifestIntoThePrivateFolder() throws {
        let cli = CLIHarness()
        let store = cli.path("demo")
        try #require(cli.run(["demo", "--store", store, "--people", "10", "--months", "2"]).exitCode == 0)
        let folder = cli.path("reviews-due")
        let arguments = ["report", "review-due", "--store", store, "--format", "csv", "--into", folder]
        let monday = Timestamp(iso8601: "2020-02-24T06:00:00Z")!
        let first = cli.run(arguments, clock: monday)
        #expect(first.exitCode == 0, "\(first.stderr)")
        let file = folder + "/reviews-due-2020-02-24.csv"
        #expect(first.stdout == "wrote \(file)\nwrote \(file).manifest.json\n")
        #expect(Self.mode(folder) == 0o700)
        #expect(Self.mode(file) == 0o600 && Self.mode(file + ".manifest.json") == 0o600)
        // The file is the report as at that day, and replays from its manifest.
        let same = cli.run(["report", "review-due", "--store", store, "--format", "csv", "--as-at", "2020-02-24"])
        #expect(Array(same.stdout.utf8) == Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        let verified = cli.run(["verify-extract", file, "--store", store])
        #expect(verified.exitCode == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("byte for byte"))

        // A week later: a second dated file beside the first.
        let next = cli.run(arguments, clock: Timestamp(iso8601: "2020-03-02T06:00:00Z")!)
        #expect(next.exitCode == 0, "\(next.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(
            names == [
                "reviews-due-2020-02-24.csv", "reviews-due-2020-02-24.csv.manifest.json",
                "reviews-due-2020-03-02.csv", "reviews-due-2020-03-02.csv.manifest.json",
            ])
        // The same day again is refused (the first file is kept), unless --force.
        let again = cli.run(arguments, clock: monday)
        #expect(again.exitCode == 64)
        #expect(again.stderr.contains("already exists"))
        #expect(cli.run(arguments + ["--force"], clock: monday).exitCode == 0)
    }

    @Test func theFolderIsRefusedInsideTheStoreOrBesideOutput() throws {
        let cli = CLIHarness()
        let store = cli.path("demo")
        try #require(cli.run(["demo", "--store", store, "--people", "5", "--months", "1"]).exitCode == 0)
        let inside = cli.run(["report", "review-due", "--store", store, "--into", store + "/reports"])
        #expect(inside.exitCode == 64)
        #expect(inside.stderr.contains("inside the Carelog store"))
        #expect(FileManager.default.fileExists(atPath: store + "/reports") == false)
        let both = cli.run([
            "report", "review-due", "--store", store, "--into", cli.path("r"), "--output", cli.path("x.md"),
        ])
        #expect(both.exitCode == 64)
        let missingParent = cli.run(["report", "review-due", "--store", store, "--into", cli.path("a/b")])
        #expect(missingParent.exitCode == 64)
        #expect(missingParent.stderr.contains("does not exist"))
    }
}
