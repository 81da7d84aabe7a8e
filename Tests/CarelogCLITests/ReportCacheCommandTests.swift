import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog
import Testing

/// The report commands' projection cache: same bytes as without it, private files, cleared on demand.
@Suite struct ReportCacheCommandTests {
    @Test func reportsThroughTheCacheEqualReportsWithoutItAndCacheClearDeletesIt() throws {
        let cli = CLIHarness()
        let store = cli.path("demo")
        #expect(cli.run(["demo", "--store", store, "--people", "12", "--months", "4"]).exitCode == 0)
        try? FileManager.default.removeItem(atPath: FoldStateEnvironment.directory(forStoreAt: store))
        for report in [
            ["compliance", "--from", "2020-01-01", "--to", "2020-04-30"], ["rag"],
            ["compliance-trend", "--from", "2020-01-10", "--to", "2020-04-30"],
            ["visit-delivery", "--from", "2020-01-01", "--to", "2020-04-30", "--by", "carer"],
        ] {
            let base = ["report"] + report + ["--store", store, "--as-at", "2020-04-30"]
            let uncached = cli.run(base + ["--no-cache"])
            #expect(uncached.exitCode == 0)
            // First run saves the folds; the second (at an earlier cut, then the head) resumes.
            let first = cli.run(base)
            let earlier = cli.run(base + ["--known-at", "500"])
            let second = cli.run(base)
            #expect(first.stdout == uncached.stdout)
            #expect(second.stdout == uncached.stdout)
            #expect(earlier.stdout == cli.run(base + ["--known-at", "500", "--no-cache"]).stdout)
        }
        let cache = FoldStateEnvironment.directory(forStoreAt: store)
        let attributes = try FileManager.default.attributesOfItem(atPath: cache)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        let data = try FileManager.default.attributesOfItem(atPath: cache + "/data.mdb")
        #expect((data[.posixPermissions] as? Int) == 0o600)
        #expect(cli.run(["verify", "--store", store]).exitCode == 0)
        #expect(cli.run(["cache", "clear", "--store", store]).exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: cache))
    }

    @Test func aSoundVerifySavesTheHeadAsVerifiedAndAFailedOneForgetsIt() throws {
        let cli = CLIHarness()
        let store = cli.path("store")
        #expect(cli.run(["init", "--store", store]).exitCode == 0)
        let lines = Fixture.ndjson([Fixture.serviceStarted] + Fixture.importLines)
        #expect(cli.run(["import", "--store", store, cli.write("events.ndjson", lines)]).exitCode == 0)
        func saved() -> VerifiedPosition? { ReportCache.open(storePath: store, disabled: false)?.verifiedPosition() }
        #expect(saved() == nil)
        #expect(cli.run(["verify", "--store", store]).exitCode == 0)
        let head = try LMDBEventStore(path: store).checkpoint()
        let position = try #require(saved())
        #expect(position.checkpoint == head)
        #expect(position.byFullCheck)
        #expect(position.fullCheckEvents == head.sequence)
        #expect(position.foundAt == CLIHarness.fixedClock)

        // A check that finds a problem (here: a checkpoint the log does not match) forgets it, so
        // the next check anywhere is a full one.
        let file = cli.path("head.checkpoint.json")
        #expect(cli.run(["checkpoint", "--store", store, "--output", file]).exitCode == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let forged = text.replacingOccurrences(of: head.headHash.hex, with: String(repeating: "0", count: 64))
        #expect(forged != text)
        try forged.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(cli.run(["verify", "--store", store, "--checkpoint", file]).exitCode == 1)
        #expect(saved() == nil)
    }
}
