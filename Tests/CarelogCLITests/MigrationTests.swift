import CarelogCLI
import EventLog
import Foundation
import Testing

/// `import --recorded-at-from-input`: every event keeps its own time; decreasing, future and
/// missing times are refused with the line named; only into an empty store unless asked.
@Suite struct MigrationTests {
    func emptyStore(_ cli: CLIHarness, _ name: String) -> String {
        let store = cli.path(name)
        _ = cli.run(["init", "--store", store])
        return store
    }

    /// `lines` with `recordedAt` added: one second apart from 2020-01-13T00:00:00Z.
    static func withTimes(_ lines: [String], from start: Int = 0) -> [String] {
        let base = Timestamp(iso8601: "2020-01-13T00:00:00Z")!
        return lines.enumerated().map { index, line in
            let at = base.adding(milliseconds: Int64(start + index) * 1000).iso8601
            return line.replacingOccurrences(of: ",\"data\":", with: ",\"recordedAt\":\"\(at)\",\"data\":")
        }
    }

    static var history: [String] {
        withTimes(FactIdentityImportTests.setUp + FactIdentityImportTests.week(visits: 0..<333))
    }

    @Test func aRoundTripOf1001EventsKeepsEveryTime() {
        let cli = CLIHarness()
        let source = emptyStore(cli, "source")
        let first = cli.run([
            "import", "--store", source, "--recorded-at-from-input", "--migrated-by", "staff/S009",
            cli.write("old.ndjson", Fixture.ndjson(Self.history)),
        ])
        #expect(
            first.stdout.hasPrefix(
                "imported 1001 events (sequences 1–1001), 0 already recorded\nrecorded the migration as sequence 1002 (stream migration/"
            ), "\(first.stderr)")
        // The migration record: who, what (digest), how many, which times; recorded normally (now).
        let record = cli.run([
            "log", "--store", source, "--from-seq", "1002", "--format", "ndjson", "--with-recorded-at",
        ]).stdout
        #expect(record.contains(#""type":"RecordsMigrated""#))
        #expect(record.contains(#""actor":"staff/S009""#))
        #expect(record.contains(#""events":1001"#))
        #expect(
            record.contains(
                #""firstRecordedAt":"2020-01-13T00:00:00.000Z","lastRecordedAt":"2020-01-13T00:16:40.000Z""#))
        #expect(record.contains(#""recordedAt":"2020-02-01T12:00:00.000Z""#))
        #expect(record.contains(#""sourceSHA256":""#))
        let exported = cli.run([
            "log", "--store", source, "--format", "ndjson", "--with-recorded-at", "--to-seq", "1001",
        ]).stdout
        let times = Set(
            exported.split(separator: "\n").compactMap { line in
                line.range(of: "\"recordedAt\":\"").map { String(line[$0.upperBound...].prefix(24)) }
            })
        #expect(times.count == 1001)
        let target = emptyStore(cli, "target")
        cli.standardInput = Array(exported.utf8)
        let second = cli.run([
            "import", "--store", target, "--recorded-at-from-input", "--migrated-by", "staff/S009", "-",
        ])
        #expect(second.exitCode == 0, "\(second.stderr)")
        #expect(
            cli.run(["log", "--store", target, "--format", "ndjson", "--with-recorded-at", "--to-seq", "1001"]).stdout
                == exported)
        #expect(cli.run(["verify", "--store", target]).exitCode == 0)
    }

    @Test func decreasingFutureAndMissingTimesAreRefusedWithTheLineNamed() {
        let cli = CLIHarness()
        var lines = Self.withTimes(FactIdentityImportTests.setUp + FactIdentityImportTests.week(visits: 0..<3))
        // Line 5 recorded before line 4.
        var decreasing = lines
        decreasing[4] = decreasing[4].replacingOccurrences(of: "2020-01-13T00:00:04", with: "2020-01-12T23:59:00")
        let store = emptyStore(cli, "store")
        let down = cli.run([
            "import", "--store", store, "--recorded-at-from-input", "--migrated-by", "staff/S009",
            cli.write("d.ndjson", Fixture.ndjson(decreasing)),
        ])
        #expect(down.exitCode == 65)
        #expect(
            down.stderr.hasPrefix("error: line 5: VisitCheckedOut recordedAt: is earlier than the recordedAt before it")
        )
        #expect(!down.stderr.contains("23:59"))
        // Line 3 in 2099.
        var future = lines
        future[2] = future[2].replacingOccurrences(of: "2020-01-13T00:00:02", with: "2099-01-13T00:00:02")
        let ahead = cli.run([
            "import", "--store", store, "--recorded-at-from-input", "--migrated-by", "staff/S009",
            cli.write("f.ndjson", Fixture.ndjson(future)),
        ])
        #expect(ahead.exitCode == 65)
        #expect(ahead.stderr.hasPrefix("error: line 3: VisitScheduled recordedAt: lies in the future"))
        #expect(!ahead.stderr.contains("2099"))
        // Line 2 without one.
        lines[1] = FactIdentityImportTests.setUp[1]
        let missing = cli.run([
            "import", "--store", store, "--recorded-at-from-input", "--migrated-by", "staff/S009",
            cli.write("m.ndjson", Fixture.ndjson(lines)),
        ])
        #expect(missing.exitCode == 65)
        #expect(missing.stderr.hasPrefix("error: line 2: StaffJoined recordedAt: is required"))
        #expect(cli.run(["checkpoint", "--store", store]).stdout.contains("\"sequence\" : 0,"))
    }

    @Test func aMigrationRunsOnlyIntoAnEmptyStoreUnlessAsked() {
        let cli = CLIHarness()
        let store = emptyStore(cli, "store")
        _ = cli.append(["--store", store], event: Fixture.serviceStarted)
        let file = cli.write("m.ndjson", Fixture.ndjson(Self.withTimes([Fixture.staffJoined])))
        let refused = cli.run([
            "import", "--store", store, "--recorded-at-from-input", "--migrated-by", "staff/S009", file,
        ])
        #expect(refused.exitCode == 64)
        #expect(refused.stderr.contains("runs only into an empty store"))
        // The store's last recordedAt (the fixed clock, 2020-02-01) is later than the line's: refused too.
        let earlier = cli.run([
            "import", "--store", store, "--recorded-at-from-input", "--migrated-by", "staff/S009",
            "--into-existing-store", file,
        ])
        #expect(earlier.exitCode == 65)
        #expect(earlier.stderr.contains("line 1: StaffJoined recordedAt: is earlier"))
        let later = cli.write(
            "later.ndjson",
            Fixture.ndjson([
                Fixture.staffJoined.replacingOccurrences(
                    of: ",\"data\":", with: ",\"recordedAt\":\"2020-02-01T12:00:00Z\",\"data\":")
            ]))
        let run = cli.run([
            "import", "--store", store, "--recorded-at-from-input", "--migrated-by", "staff/S009",
            "--into-existing-store", later,
        ])
        #expect(
            run.stdout.hasPrefix(
                "imported 1 event (sequence 2), 0 already recorded\nrecorded the migration as sequence 3"),
            "\(run.stderr)")
        #expect(cli.run(["import", "--store", store, "--into-existing-store", later]).exitCode == 64)
        // Without --migrated-by, or with a name instead of an identifier: a usage error.
        #expect(cli.run(["import", "--store", store, "--recorded-at-from-input", later]).exitCode == 64)
        let named = cli.run([
            "import", "--store", store, "--recorded-at-from-input", "--migrated-by", "Jane Doe", later,
        ])
        #expect(named.exitCode == 64)
        #expect(!named.stderr.contains("Jane"))
    }

    @Test func aMigrationKeepsADuplicateTheOldRecordHeldAndItsVoid() {
        let cli = CLIHarness()
        // The old record holds a check-out twice (a duplicate, later voided by sequence).
        let facts = FactIdentityImportTests.setUp + FactIdentityImportTests.week(visits: 0..<2)
        let void =
            #"{"stream":"visit/W000","type":"EntryVoided","occurredAt":"2020-01-12T20:00:00Z","actor":"staff/S001","data":{"sequence":6,"reason":"duplicate"}}"#
        let old = Self.withTimes(facts[0..<5] + [facts[4]] + facts[5...] + [void])
        let file = cli.write("old.ndjson", Fixture.ndjson(old))
        // A plain import recognises the duplicate, so the void's sequence no longer matches: refused.
        let plain = emptyStore(cli, "plain")
        let refused = cli.run(["import", "--store", plain, file])
        #expect(refused.exitCode == 65)
        #expect(
            refused.stderr.hasPrefix(
                "error: line 10: EntryVoided data.sequence: names an entry of this input by position"))
        // A migration reproduces the old record as it was, and a re-run adds nothing.
        let store = emptyStore(cli, "store")
        let run = cli.run(["import", "--store", store, "--recorded-at-from-input", "--migrated-by", "staff/S009", file])
        #expect(run.stdout.hasPrefix("imported 10 events (sequences 1–10), 0 already recorded\n"), "\(run.stderr)")
        let again = cli.run([
            "import", "--store", store, "--recorded-at-from-input", "--into-existing-store", "--migrated-by",
            "staff/S009", file,
        ])
        #expect(again.stdout == "imported 0 events, 10 already recorded\n")
    }
}
