import CarelogCLI
import EventLog
import Foundation
import LMDBEventLog
import Testing

/// Import: atomic on a bad line, chunked, resumable, and round-trips `log --format ndjson`.
@Suite struct ImportTests {
    func emptyStore(_ cli: CLIHarness, _ name: String = "store") -> String {
        let store = cli.path(name)
        _ = cli.run(["init", "--store", store])
        return store
    }

    func sequence(_ cli: CLIHarness, _ store: String) -> Int {
        let json = cli.run(["checkpoint", "--store", store]).stdout
        let line = json.split(separator: "\n").first { $0.contains("\"sequence\"") }!
        return Int(line.filter(\.isNumber))!
    }

    /// Lines 1–6 with line 5 invalid (a manual check-in without an exception code).
    var badFile: String {
        Fixture.ndjson([
            Fixture.serviceStarted, Fixture.staffJoined, Fixture.visitScheduled, Fixture.visit2Scheduled,
            Fixture.invalidCheckIn, Fixture.checkedIn,
        ])
    }

    @Test func aBadLineAppendsNothingAndIsNamed() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let run = cli.run(["import", "--store", store, cli.write("bad.ndjson", badFile)])
        #expect(run.exitCode == 65)
        #expect(run.stdout == "")
        #expect(
            run.stderr
                == "error: line 5: VisitCheckedIn data.exceptionCode: is required when method is manual (the CM2000-style exception code); nothing from lines 1–5 was appended\n"
        )
        #expect(sequence(cli, store) == 0)
    }

    @Test func aBadLineInAChunkAppendsNothingFromThatChunk() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let run = cli.run(["import", "--store", store, "--chunk", "2", cli.write("bad.ndjson", badFile)])
        #expect(run.exitCode == 65)
        #expect(run.stderr.hasPrefix("error: line 5: VisitCheckedIn data.exceptionCode"))
        #expect(run.stderr.contains("nothing from lines 5–5 was appended"))
        #expect(run.stderr.contains("lines 1–4 are in the store"))
        #expect(sequence(cli, store) == 4)
    }

    @Test func anUnparseableLineIsNamed() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let file = cli.write("bad.ndjson", Fixture.ndjson([Fixture.serviceStarted, "", "{\"stream\": 12}"]))
        let run = cli.run(["import", "--store", store, file])
        #expect(run.exitCode == 65)
        #expect(run.stderr.hasPrefix("error: line 3:"))
        #expect(sequence(cli, store) == 0)
    }

    @Test func importIsResumableAfterAnInterruption() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let file = cli.write(
            "good.ndjson",
            Fixture.ndjson([
                Fixture.serviceStarted, Fixture.staffJoined, Fixture.visitScheduled, Fixture.checkedIn,
                Fixture.checkedOut,
                Fixture.visit2Scheduled, Fixture.visit2CheckedIn,
            ]))
        // Interrupted after the first two chunks (as if killed).
        let first = cli.run(["import", "--store", store, "--chunk", "2", "--stop-after-chunks", "2", file])
        #expect(first.stdout == "imported 4 events (sequences 1–4), 0 already recorded\n")
        let resumed = cli.run(["import", "--store", store, "--chunk", "2", file])
        #expect(resumed.exitCode == 0)
        #expect(resumed.stdout == "imported 3 events (sequences 5–7), 4 already recorded\n")
        let again = cli.run(["import", "--store", store, "--chunk", "2", file])
        #expect(again.stdout == "imported 0 events, 7 already recorded\n")
        #expect(sequence(cli, store) == 7)
        #expect(cli.run(["verify", "--store", store]).exitCode == 0)
    }

    /// In chunks the indexes wait for a large batch of events (`ImportCommand.indexBatch`, not
    /// the 1,024 of other appends); the import leaves them covering the whole log, also when it
    /// stops at a bad line or after some chunks, so other processes' reads find no long tail.
    @Test func aChunkedImportLeavesTheIndexesCoveringTheLog() throws {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let bad = cli.run(["import", "--store", store, "--chunk", "2", cli.write("bad.ndjson", badFile)])
        #expect(bad.exitCode == 65)
        #expect(try LMDBEventStore(path: store).indexWatermark() == 4)
        let file = cli.write(
            "good.ndjson",
            Fixture.ndjson([
                Fixture.serviceStarted, Fixture.staffJoined, Fixture.visitScheduled, Fixture.checkedIn,
                Fixture.checkedOut, Fixture.visit2Scheduled, Fixture.visit2CheckedIn,
            ]))
        // A chunk is two lines of the file, new or already recorded: lines 1–2 are both in the
        // store, and lines 3–4 append line 4 alone.
        let stopped = cli.run(["import", "--store", store, "--chunk", "2", "--stop-after-chunks", "1", file])
        #expect(stopped.exitCode == 0)
        #expect(sequence(cli, store) == 5)
        #expect(try LMDBEventStore(path: store).indexWatermark() == 5)
        let rest = cli.run(["import", "--store", store, "--chunk", "2", file])
        #expect(rest.exitCode == 0)
        #expect(sequence(cli, store) == 7)
        #expect(try LMDBEventStore(path: store).indexWatermark() == 7)
        #expect(cli.run(["verify", "--store", store]).exitCode == 0)
    }

    @Test func logNDJSONRoundTripsIntoAnotherStore() {
        let cli = CLIHarness()
        let source = emptyStore(cli, "source")
        _ = cli.run([
            "import", "--store", source,
            cli.write(
                "good.ndjson",
                Fixture.ndjson([
                    Fixture.serviceStarted, Fixture.staffJoined, Fixture.visitScheduled, Fixture.checkedIn,
                    Fixture.checkedOut,
                ])),
        ])
        let correction =
            #"{"stream":"visit/V001","type":"EntryVoided","occurredAt":"2020-01-07T10:00:00Z","actor":"staff/S001","data":{"sequence":4,"reason":"enteredInError"}}"#
        #expect(cli.append(["--store", source], event: correction).exitCode == 0)
        let exported = cli.run(["log", "--store", source, "--format", "ndjson"])
        #expect(exported.exitCode == 0)
        let target = emptyStore(cli, "target")
        cli.standardInput = Array(exported.stdout.utf8)
        let imported = cli.run(["import", "--store", target, "-"])
        #expect(imported.stdout == "imported 6 events (sequences 1–6), 0 already recorded\n")
        #expect(cli.run(["log", "--store", target, "--format", "ndjson"]).stdout == exported.stdout)
        // Keeping recordedAt for a migration.
        let withTimes = cli.run(["log", "--store", source, "--format", "ndjson", "--with-recorded-at"])
        let migrated = emptyStore(cli, "migrated")
        cli.standardInput = Array(withTimes.stdout.utf8)
        _ = cli.run(
            ["import", "--store", migrated, "--recorded-at-from-input", "--migrated-by", "staff/S009", "-"],
            clock: CLIHarness.fixedClock.adding(milliseconds: 86_400_000))
        #expect(
            cli.run(["log", "--store", migrated, "--to-seq", "6"]).stdout == cli.run(["log", "--store", source]).stdout)
    }

    @Test func backupCopiesAndVerifies() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        _ = cli.run([
            "import", "--store", store,
            cli.write("good.ndjson", Fixture.ndjson([Fixture.serviceStarted, Fixture.staffJoined])),
        ])
        let destination = cli.path("backup")
        let run = cli.run(["backup", "--store", store, destination])
        #expect(run.exitCode == 0)
        #expect(run.stdout.hasPrefix("backed up 2 events to \(destination); the copy verifies: head sequence 2 hash "))
        #expect(cli.run(["log", "--store", destination]).stdout == cli.run(["log", "--store", store]).stdout)
        #expect(cli.run(["backup", "--store", store, destination]).exitCode == 74)
    }

    @Test func aStreamedFileLargerThanOneReadBlockImportsAsTheSameInputInMemory() throws {
        let cli = CLIHarness()
        let later = try #require(Timestamp(iso8601: "2021-01-01T00:00:00Z"))
        #expect(cli.run(["demo", "--store", cli.path("demo"), "--people", "30", "--months", "2"]).exitCode == 0)
        // The whole export, corrections included (the demo never states a fact twice).
        let export = cli.run(["log", "--store", cli.path("demo"), "--format", "ndjson"]).stdout
        #expect(export.utf8.count > 1 << 20, "the export must span more than one 1 MiB read block")
        let file = cli.write("export.ndjson", export)
        var outcomes: [String] = []
        var logs: [String] = []
        for (name, chunk) in [("whole", nil), ("chunked", "1000")] as [(String, String?)] {
            let streamed = emptyStore(cli, "streamed-" + name)
            let inMemory = emptyStore(cli, "memory-" + name)
            let options = chunk.map { ["--chunk", $0] } ?? []
            let fromFile = cli.run(["import", "--store", streamed] + options + [file], clock: later)
            cli.standardInput = Array(export.utf8)
            let fromStdin = cli.run(["import", "--store", inMemory] + options + ["-"], clock: later)
            cli.standardInput = []
            #expect(fromFile.exitCode == 0, "\(fromFile.stderr)")
            #expect(fromFile.stdout == fromStdin.stdout)
            outcomes.append(fromFile.stdout)
            let streamedLog = cli.run(["log", "--store", streamed, "--format", "ndjson", "--with-recorded-at"]).stdout
            let memoryLog = cli.run(["log", "--store", inMemory, "--format", "ndjson", "--with-recorded-at"]).stdout
            #expect(streamedLog == memoryLog)
            logs.append(streamedLog)
        }
        #expect(outcomes[0].hasPrefix("imported "))
        #expect(logs[0] == logs[1])
    }
}
