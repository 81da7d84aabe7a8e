import CarelogCLI
import Foundation
import Testing

/// Whole stdout and exit code of each command on a small store built with a fixed clock.
@Suite struct GoldenOutputTests {
    /// Builds the fixed store: init, append one event, import four.
    func fixedStore(_ cli: CLIHarness) -> (store: String, storeID: String) {
        let store = cli.path("store")
        let created = cli.run(["init", "--store", store])
        #expect(created.exitCode == 0)
        let id = String(created.stdout.split(separator: " ").last!.dropLast(2))
        #expect(cli.append(["--store", store], event: Fixture.serviceStarted).exitCode == 0)
        let file = cli.write("events.ndjson", Fixture.ndjson(Fixture.importLines))
        #expect(cli.run(["import", "--store", store, file]).exitCode == 0)
        return (store, id)
    }

    @Test func initPrintsThePathAndStoreID() {
        let cli = CLIHarness()
        let store = cli.path("store")
        let run = cli.run(["init", "--store", store])
        #expect(run.exitCode == 0)
        #expect(run.stderr == "")
        let id = String(run.stdout.split(separator: " ").last!.dropLast(2))
        #expect(id.count == 36)
        #expect(run.stdout == "created an empty store at \(store) (store id \(id))\n")
    }

    @Test func appendPrintsSequenceStreamAndVersion() {
        let cli = CLIHarness()
        let store = cli.path("store")
        _ = cli.run(["init", "--store", store])
        let run = cli.append(["--store", store], event: Fixture.serviceStarted)
        #expect(run.exitCode == 0)
        #expect(run.stdout == "appended sequence 1 (stream person/P001 version 1)\n")
        // The same fact twice (with or without the same idempotency key) writes once.
        let keyed = cli.append(["--store", store, "--idempotency-key", "k1"], event: Fixture.staffJoined)
        #expect(keyed.stdout == "appended sequence 2 (stream staff/S001 version 1)\n")
        let again = cli.append(["--store", store, "--idempotency-key", "k1"], event: Fixture.staffJoined)
        #expect(again.exitCode == 0)
        #expect(
            again.stdout == "already recorded as sequence 2 (stream staff/S001 version 1); nothing new was written\n")
        let unkeyed = cli.append(["--store", store], event: Fixture.staffJoined)
        #expect(unkeyed.stdout == again.stdout)
    }

    @Test func appendReadsStandardInput() {
        let cli = CLIHarness()
        let store = cli.path("store")
        _ = cli.run(["init", "--store", store])
        cli.standardInput = Array((Fixture.serviceStarted + "\n").utf8)
        let run = cli.run(["append", "--store", store])
        #expect(run.exitCode == 0)
        #expect(run.stdout == "appended sequence 1 (stream person/P001 version 1)\n")
    }

    @Test func importReportsCountsAndSequences() {
        let cli = CLIHarness()
        let store = cli.path("store")
        _ = cli.run(["init", "--store", store])
        _ = cli.append(["--store", store], event: Fixture.serviceStarted)
        let file = cli.write("events.ndjson", Fixture.ndjson(Fixture.importLines))
        let run = cli.run(["import", "--store", store, file])
        #expect(run.exitCode == 0)
        #expect(run.stdout == "imported 4 events (sequences 2–5), 0 already recorded\n")
        let again = cli.run(["import", "--store", store, file])
        #expect(again.stdout == "imported 0 events, 4 already recorded\n")
    }

    @Test func logPrintsTheWholeTable() {
        let cli = CLIHarness()
        let (store, _) = fixedStore(cli)
        let run = cli.run(["log", "--store", store])
        #expect(run.exitCode == 0)
        #expect(
            run.stdout == """
                SEQ  RECORDED AT               OCCURRED AT               STREAM                  VER  TYPE                        ACTOR
                  1  2020-02-01T12:00:00.000Z  2020-01-06T09:00:00.000Z  person/P001               1  ServiceStarted              staff/S001
                  2  2020-02-01T12:00:00.000Z  2020-01-02T09:00:00.000Z  staff/S001                1  StaffJoined                 system/hr
                  3  2020-02-01T12:00:00.000Z  2020-01-06T06:00:00.000Z  visit/V001                1  VisitScheduled              system/roster
                  4  2020-02-01T12:00:00.000Z  2020-01-06T09:04:00.000Z  visit/V001                2  VisitCheckedIn              system/ecm
                  5  2020-02-01T12:00:00.000Z  2020-01-06T09:33:00.000Z  visit/V001                3  VisitCheckedOut             system/ecm

                """)
        let filtered = cli.run(["log", "--store", store, "--stream", "visit/V001", "--backward", "--limit", "2"])
        #expect(
            filtered.stdout == """
                SEQ  RECORDED AT               OCCURRED AT               STREAM                  VER  TYPE                        ACTOR
                  5  2020-02-01T12:00:00.000Z  2020-01-06T09:33:00.000Z  visit/V001                3  VisitCheckedOut             system/ecm
                  4  2020-02-01T12:00:00.000Z  2020-01-06T09:04:00.000Z  visit/V001                2  VisitCheckedIn              system/ecm

                """)
        let ndjson = cli.run(["log", "--store", store, "--format", "ndjson", "--from-seq", "4", "--to-seq", "4"])
        #expect(
            ndjson.stdout
                == #"{"stream":"visit/V001","type":"VisitCheckedIn","schemaVersion":1,"occurredAt":"2020-01-06T09:04:00.000Z","actor":"system/ecm","data":{"checkedInAt":"2020-01-06T09:04:00.000Z","method":"electronic","staffId":"S001"}}"#
                + "\n")
    }

    @Test func verifyPrintsCountHeadAndHash() {
        let cli = CLIHarness()
        let (store, _) = fixedStore(cli)
        let run = cli.run(["verify", "--store", store])
        #expect(run.exitCode == 0)
        #expect(run.stdout == "verified 5 events; head sequence 5 hash \(GoldenOutputTests.headHash)\n")
    }

    @Test func checkpointPrintsJSONAndVerifies() {
        let cli = CLIHarness()
        let (store, id) = fixedStore(cli)
        let run = cli.run(["checkpoint", "--store", store])
        #expect(run.exitCode == 0)
        #expect(
            run.stdout == """
                {
                  "headHash" : "\(GoldenOutputTests.headHash)",
                  "recordedAt" : "2020-02-01T12:00:00.000Z",
                  "sequence" : 5,
                  "storeID" : "\(id)"
                }

                """)
        let file = cli.path("cp.json")
        let saved = cli.run(["checkpoint", "--store", store, "--output", file])
        #expect(saved.stdout == "saved checkpoint (sequence 5, hash \(GoldenOutputTests.headHash)) to \(file)\n")
        let verified = cli.run(["verify", "--store", store, "--checkpoint", file])
        #expect(verified.exitCode == 0)
        #expect(
            verified.stdout == """
                verified 5 events; head sequence 5 hash \(GoldenOutputTests.headHash)
                matches checkpoint at sequence 5 hash \(GoldenOutputTests.headHash)

                """)
    }

    @Test func historyShowsCorrectionsBesideWhatTheyCorrect() {
        let cli = CLIHarness()
        let (store, _) = fixedStore(cli)
        let correction =
            #"{"stream":"visit/V001","type":"EntryCorrected","occurredAt":"2020-01-07T10:00:00Z","actor":"staff/S001","data":{"sequence":4,"reason":"wrongTime","replacementType":"VisitCheckedIn","replacement":{"checkedInAt":"2020-01-06T09:06:00Z","staffId":"S001","method":"electronic"}}}"#
        #expect(
            cli.append(["--store", store], event: correction).stdout
                == "appended sequence 6 (stream visit/V001 version 4)\n")
        let run = cli.run(["history", "--store", store, "visit/V001"])
        #expect(run.exitCode == 0)
        #expect(
            run.stdout == """
                history of visit/V001 as known at head: 4 events
                3  2020-01-06T06:00:00.000Z  v1  VisitScheduled  by system/roster  recorded 2020-02-01T12:00:00.000Z
                    {"carersNeeded":1,"personId":"P001","plannedMinutes":30,"plannedStart":"2020-01-06T09:00:00.000Z","timeCritical":false}
                4  2020-01-06T09:04:00.000Z  v2  VisitCheckedIn  by system/ecm  recorded 2020-02-01T12:00:00.000Z
                    {"checkedInAt":"2020-01-06T09:04:00.000Z","method":"electronic","staffId":"S001"}
                    ↳ corrected (wrongTime) at sequence 6 (v4, by staff/S001, recorded 2020-02-01T12:00:00.000Z)
                        replacement: {"checkedInAt":"2020-01-06T09:06:00.000Z","method":"electronic","staffId":"S001"}
                5  2020-01-06T09:33:00.000Z  v3  VisitCheckedOut  by system/ecm  recorded 2020-02-01T12:00:00.000Z
                    {"checkedOutAt":"2020-01-06T09:33:00.000Z","method":"electronic","staffId":"S001"}

                """)
    }

    /// The head hash of the fixed store (golden: changes only if the canonical encoding does).
    static let headHash = "21d11cd0b85f5bcd6f936d60535a76b500062d6748f6b0d2e8b00611b6bcdd0f"
}
