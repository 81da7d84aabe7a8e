import CarelogCLI
import EventLog
import Foundation
import Testing

/// Imports never duplicate a fact: re-runs, overlapping and edited files, other chunk sizes;
/// contradictions and lifecycle errors are refused by line and field, without echoing values.
@Suite struct FactIdentityImportTests {
    func emptyStore(_ cli: CLIHarness, _ name: String = "store") -> String {
        let store = cli.path(name)
        _ = cli.run(["init", "--store", store])
        return store
    }

    func head(_ cli: CLIHarness, _ store: String) -> Int {
        let json = cli.run(["checkpoint", "--store", store]).stdout
        guard let line = json.split(separator: "\n").first(where: { $0.contains("\"sequence\"") }) else { return -1 }
        return Int(line.filter(\.isNumber)) ?? -1
    }

    /// A week of visits for one person: schedule, check-in and check-out of `visits` visits.
    static func week(visits: Range<Int>) -> [String] {
        var lines: [String] = []
        for n in visits {
            let id = String(format: "W%03d", n)
            let day = 6 + n % 7
            let hour = 7 + (n / 7) % 12
            let start = String(format: "2020-01-%02dT%02d:00:00Z", day, hour)
            let inAt = String(format: "2020-01-%02dT%02d:03:00Z", day, hour)
            let outAt = String(format: "2020-01-%02dT%02d:31:00Z", day, hour)
            lines.append(
                #"{"stream":"visit/\#(id)","type":"VisitScheduled","occurredAt":"2020-01-05T06:00:00Z","actor":"system/roster","data":{"personId":"P001","plannedStart":"\#(start)","plannedMinutes":30,"carersNeeded":1,"timeCritical":false}}"#
            )
            lines.append(
                #"{"stream":"visit/\#(id)","type":"VisitCheckedIn","occurredAt":"\#(inAt)","actor":"system/ecm","data":{"checkedInAt":"\#(inAt)","staffId":"S001","method":"electronic"}}"#
            )
            lines.append(
                #"{"stream":"visit/\#(id)","type":"VisitCheckedOut","occurredAt":"\#(outAt)","actor":"system/ecm","data":{"checkedOutAt":"\#(outAt)","staffId":"S001","method":"electronic"}}"#
            )
        }
        return lines
    }

    static let setUp = [Fixture.serviceStarted, Fixture.staffJoined]

    @Test func reImportingAWeekPlusOneRowAppendsOnlyTheNewRow() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let week = Self.setUp + Self.week(visits: 0..<40)
        let first = cli.run(["import", "--store", store, cli.write("week.ndjson", Fixture.ndjson(week))])
        #expect(first.stdout == "imported 122 events (sequences 1–122), 0 already recorded\n")
        let compliance = [
            "report", "compliance", "--store", store, "--from", "2020-01-06", "--to", "2020-01-12", "--format", "json",
        ]
        // The figures (everything after the provenance, which names the new head).
        func figures() -> String { cli.run(compliance).stdout.components(separatedBy: "\"sections\"").last ?? "" }
        let before = figures()
        #expect(before.contains("\"denominator\" : 40") || before.contains("\"denominator\": 40"))
        let extra =
            #"{"stream":"person/P001","type":"ReviewRequested","occurredAt":"2020-01-10T10:00:00Z","actor":"staff/S001","data":{"requestedBy":"person","requestedOn":"2020-01-10"}}"#
        let again = cli.run(["import", "--store", store, cli.write("week2.ndjson", Fixture.ndjson(week + [extra]))])
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(again.stdout == "imported 1 event (sequence 123), 122 already recorded\n")
        #expect(head(cli, store) == 123)
        #expect(figures() == before)
    }

    @Test func chunkedThenUnchunkedThenOtherChunksAppendNothingTwice() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let file = cli.write("week.ndjson", Fixture.ndjson(Self.setUp + Self.week(visits: 0..<20)))
        // Killed after two chunks of five.
        _ = cli.run(["import", "--store", store, "--chunk", "5", "--stop-after-chunks", "2", file])
        #expect(head(cli, store) == 10)
        let unchunked = cli.run(["import", "--store", store, file])
        #expect(unchunked.stdout == "imported 52 events (sequences 11–62), 10 already recorded\n")
        for size in ["1", "7", "1000"] {
            let rerun = cli.run(["import", "--store", store, "--chunk", size, file])
            #expect(rerun.stdout == "imported 0 events, 62 already recorded\n")
        }
        #expect(head(cli, store) == 62)
        #expect(cli.run(["verify", "--store", store]).exitCode == 0)
    }

    @Test func overlappingFilesAppendEachFactOnce() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        _ = cli.run([
            "import", "--store", store, cli.write("a.ndjson", Fixture.ndjson(Self.setUp + Self.week(visits: 0..<10))),
        ])
        let overlap = cli.run([
            "import", "--store", store, cli.write("b.ndjson", Fixture.ndjson(Self.setUp + Self.week(visits: 5..<15))),
        ])
        #expect(overlap.stdout == "imported 15 events (sequences 33–47), 17 already recorded\n")
        // The same line twice in one file is one fact.
        let doubled = Self.week(visits: 20..<21)
        let twice = cli.run(["import", "--store", store, cli.write("c.ndjson", Fixture.ndjson(doubled + doubled))])
        #expect(twice.stdout == "imported 3 events (sequences 48–50), 3 already recorded\n")
    }

    @Test func anEditedRowThatContradictsIsRefusedByLineAndFieldAndNothingIsAppended() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let week = Self.setUp + Self.week(visits: 0..<5)
        _ = cli.run(["import", "--store", store, cli.write("week.ndjson", Fixture.ndjson(week))])
        var edited = week + Self.week(visits: 5..<6)
        // Line 4: the check-in of W000, moved by eleven minutes.
        edited[3] = edited[3].replacingOccurrences(of: "T07:03:00Z", with: "T07:14:00Z")
        let run = cli.run(["import", "--store", store, cli.write("edited.ndjson", Fixture.ndjson(edited))])
        #expect(run.exitCode == 65)
        #expect(
            run.stderr.hasPrefix(
                "error: line 4: VisitCheckedIn data.checkedInAt: contradicts the VisitCheckedIn already recorded at version 2"
            ))
        #expect(!run.stderr.contains("07:14"))
        #expect(head(cli, store) == 17)
    }

    @Test func aSecondVisitScheduledOnAVisitStreamIsRefused() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let other = Fixture.visitScheduled.replacingOccurrences(
            of: "\"plannedMinutes\":30", with: "\"plannedMinutes\":45")
        let run = cli.run([
            "import", "--store", store,
            cli.write(
                "twice.ndjson",
                Fixture.ndjson(
                    [Fixture.serviceStarted, Fixture.visitScheduled, other])),
        ])
        #expect(run.exitCode == 65)
        #expect(run.stderr.hasPrefix("error: line 3: VisitScheduled data.plannedMinutes: contradicts"))
        #expect(head(cli, store) == 0)
    }

    @Test func aRowContradictingOneInAChunkHandedOutIsRefusedByFieldAfterTheChunksBeforeIt() {
        let other = Fixture.visitScheduled.replacingOccurrences(
            of: "\"plannedMinutes\":30", with: "\"plannedMinutes\":45")
        let lines = [Fixture.serviceStarted, Fixture.visitScheduled, Fixture.staffJoined, other]
        for size in [1, 2, 3] {
            let cli = CLIHarness()
            let store = emptyStore(cli)
            let run = cli.run([
                "import", "--store", store, "--chunk", String(size), cli.write("twice.ndjson", Fixture.ndjson(lines)),
            ])
            #expect(run.exitCode == 65)
            #expect(run.stderr.hasPrefix("error: line 4: VisitScheduled data.plannedMinutes: contradicts"))
            #expect(head(cli, store) == 3 / size * size)
        }
    }

    @Test func lifecycleOrderAndStaffReferencesAreChecked() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        _ = cli.run([
            "import", "--store", store,
            cli.write(
                "setup.ndjson",
                Fixture.ndjson(
                    Self.setUp + [Fixture.visitScheduled, Fixture.visit2Scheduled])),
        ])
        let cancelled =
            #"{"stream":"visit/V001","type":"VisitCancelled","occurredAt":"2020-01-06T07:00:00Z","actor":"staff/S001","data":{"cancelledAt":"2020-01-06T07:00:00Z","cancelledBy":"person","reason":"personRequest"}}"#
        let afterCancel = cli.run([
            "import", "--store", store, cli.write("c.ndjson", Fixture.ndjson([cancelled, Fixture.checkedIn])),
        ])
        #expect(afterCancel.exitCode == 65)
        #expect(afterCancel.stderr.hasPrefix("error: line 2: VisitCheckedIn type: the visit was cancelled"))
        let outFirst = Fixture.checkedOut.replacingOccurrences(of: "visit/V001", with: "visit/V002")
        let early = cli.run(["import", "--store", store, cli.write("o.ndjson", Fixture.ndjson([outFirst]))])
        #expect(early.exitCode == 65)
        #expect(early.stderr.hasPrefix("error: line 1: VisitCheckedOut type: the visit has no check-in"))
        let unknownStaff = Fixture.visit2CheckedIn.replacingOccurrences(of: "S001\",\"method", with: "S777\",\"method")
        let staff = cli.run(["import", "--store", store, cli.write("s.ndjson", Fixture.ndjson([unknownStaff]))])
        #expect(staff.exitCode == 65)
        #expect(
            staff.stderr.hasPrefix(
                "error: line 1: VisitCheckedIn data.staffId: refers to a staff stream that does not exist yet"))
        #expect(!staff.stderr.contains("S777"))
        let secondService = Fixture.serviceStarted.replacingOccurrences(
            of: "\"plannedHoursPerWeek\":7", with: "\"plannedHoursPerWeek\":9")
        let open = cli.run(["import", "--store", store, cli.write("p.ndjson", Fixture.ndjson([secondService]))])
        #expect(open.exitCode == 65)
        #expect(open.stderr.contains("already has an open service"))
        #expect(head(cli, store) == 4)
    }

    @Test func anInvalidCorrectionOnLine22AppendsNothingAndTheFixedFileAppendsOnce() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let lines = Self.setUp + Self.week(visits: 0..<6) + [Fixture.visitScheduled]
        #expect(lines.count == 21)
        // Line 22 voids sequence 4 (W000's check-in) but names no valid reason.
        let bad =
            #"{"stream":"visit/W000","type":"EntryVoided","occurredAt":"2020-01-20T10:00:00Z","actor":"staff/S001","data":{"sequence":4,"reason":"oops"}}"#
        let run = cli.run(["import", "--store", store, cli.write("bad.ndjson", Fixture.ndjson(lines + [bad]))])
        #expect(run.exitCode == 65)
        #expect(run.stderr.hasPrefix("error: line 22: EntryVoided data.reason"))
        #expect(run.stderr.contains("nothing from lines 1–22 was appended"))
        #expect(head(cli, store) == 0)
        // The fixed file: one batch, the correction names line 4 by the sequence it gets.
        let good = bad.replacingOccurrences(of: "\"oops\"", with: "\"enteredInError\"")
        let file = cli.write("good.ndjson", Fixture.ndjson(lines + [good]))
        let fixed = cli.run(["import", "--store", store, file])
        #expect(fixed.stdout == "imported 22 events (sequences 1–22), 0 already recorded\n")
        #expect(cli.run(["import", "--store", store, file]).stdout == "imported 0 events, 22 already recorded\n")
        // The void applies: the history shows line 4 as voided.
        #expect(cli.run(["history", "--store", store, "visit/W000"]).stdout.contains("void"))
    }

    @Test func aCorrectionByStreamAndVersionTravelsInOneBatchWithItsFact() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        // W000's check-in is version 2 of visit/W000; the correction moves it by a minute.
        let correction =
            #"{"stream":"visit/W000","type":"EntryCorrected","occurredAt":"2020-01-20T10:00:00Z","actor":"staff/S001","data":{"target":{"stream":"visit/W000","version":2},"reason":"wrongTime","replacementType":"VisitCheckedIn","replacement":{"checkedInAt":"2020-01-06T07:04:00Z","staffId":"S001","method":"electronic"}}}"#
        let lines = Self.setUp + Self.week(visits: 0..<2) + [correction]
        let file = cli.write("with-correction.ndjson", Fixture.ndjson(lines))
        let run = cli.run(["import", "--store", store, file])
        #expect(run.stdout == "imported 9 events (sequences 1–9), 0 already recorded\n", "\(run.stderr)")
        // Stored by sequence (the entry's place in the log), so every reader resolves it.
        let stored = cli.run(["log", "--store", store, "--from-seq", "9", "--format", "ndjson"]).stdout
        #expect(stored.contains(#""sequence":4"#))
        #expect(!stored.contains("target"))
        #expect(cli.run(["history", "--store", store, "visit/W000"]).stdout.contains("07:04"))
        #expect(cli.run(["import", "--store", store, file]).stdout == "imported 0 events, 9 already recorded\n")
        // A target that does not exist, or one in another stream: refused, nothing appended.
        let other = emptyStore(cli, "other")
        let missing = correction.replacingOccurrences(of: #""version":2"#, with: #""version":7"#)
        let bad = cli.run([
            "import", "--store", other,
            cli.write("bad.ndjson", Fixture.ndjson(Self.setUp + Self.week(visits: 0..<2) + [missing])),
        ])
        #expect(bad.exitCode == 65)
        #expect(bad.stderr.hasPrefix("error: line 9: EntryCorrected data.target.version: no entry with this version"))
        let elsewhere = correction.replacingOccurrences(
            of: #"{"stream":"visit/W000","version""#, with: #"{"stream":"visit/W001","version""#)
        let wrong = cli.run([
            "import", "--store", other,
            cli.write("wrong.ndjson", Fixture.ndjson(Self.setUp + Self.week(visits: 0..<2) + [elsewhere])),
        ])
        #expect(wrong.stderr.hasPrefix("error: line 9: EntryCorrected data.target.stream: names another stream"))
        let both = correction.replacingOccurrences(
            of: #""reason":"wrongTime""#, with: #""reason":"wrongTime","sequence":4"#)
        let twice = cli.run(["import", "--store", other, cli.write("both.ndjson", Fixture.ndjson(Self.setUp + [both]))])
        #expect(twice.stderr.hasPrefix("error: line 3: EntryCorrected data.target: give either sequence or target"))
        #expect(head(cli, other) == 0)
        // A void by stream and version through append (the entry is in the store).
        let void =
            #"{"stream":"visit/W001","type":"EntryVoided","occurredAt":"2020-01-20T10:00:00Z","actor":"staff/S001","data":{"target":{"stream":"visit/W001","version":3},"reason":"enteredInError"}}"#
        #expect(
            cli.append(["--store", store], event: void).stdout == "appended sequence 10 (stream visit/W001 version 4)\n"
        )
        #expect(
            cli.run(["log", "--store", store, "--from-seq", "10", "--format", "ndjson"]).stdout.contains(
                #""sequence":8"#))
    }

    @Test func aCorrectionNamingAnEntryOfTheSameBatchIsAppendedAtTheHeadItWasPlannedFor() throws {
        // Two writers: the batch was planned at head 0, another event lands first.
        let store = InMemoryEventStore()
        var batch = AppendBatch(
            events: [
                ProposedEvent(
                    stream: StreamName("staff/S1")!, type: "StaffLeft",
                    occurredAt: Timestamp(millisecondsSinceEpoch: 0),
                    actor: "system/hr", payload: Array("{}".utf8))
            ], expectedHead: 0)
        _ = try store.append(AppendBatch(events: batch.events))
        #expect(throws: EventStoreError.headMoved(expected: 0, actual: 1)) { try store.append(batch) }
        batch.expectedHead = 1
        #expect(try store.append(batch).positions.first?.sequence == 2)
    }

    @Test func parseErrorsNameTheArgumentButNotItsValue() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let stray = cli.run(["log", "--store", store, "P00001"])
        #expect(stray.exitCode == 64)
        #expect(!stray.stderr.contains("P00001"))
        #expect(stray.stderr.contains("Unexpected argument"))
        let badValue = cli.run(["import", "--store", store, "--chunk", "P00001", "x.ndjson"])
        #expect(badValue.exitCode == 64)
        #expect(!badValue.stderr.contains("P00001"))
        #expect(badValue.stderr.contains("--chunk"))
        let unknown = cli.run(["log", "--store", store, "--person=P00001"])
        #expect(unknown.exitCode == 64)
        #expect(!unknown.stderr.contains("P00001"))
        // The JSON is never an argument any more.
        let argument = cli.run(["append", "--store", store, Fixture.serviceStarted])
        #expect(argument.exitCode == 64)
        #expect(!argument.stderr.contains("P001"))
    }

    @Test func appendReadsAFile() {
        let cli = CLIHarness()
        let store = emptyStore(cli)
        let file = cli.write("event.json", Fixture.serviceStarted)
        let run = cli.run(["append", "--store", store, "--file", file])
        #expect(run.stdout == "appended sequence 1 (stream person/P001 version 1)\n")
        let missing = cli.run(["append", "--store", store, "--file", cli.path("P00001.json")])
        #expect(missing.exitCode == 74)
        #expect(!missing.stderr.contains("P00001"))
    }
}
