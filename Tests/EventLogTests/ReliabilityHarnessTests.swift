import Foundation
import Testing

/// Small runs of the reliability harnesses (`Tools/CarelogReliability`), so they never rot and
/// every CI run repeats the fault checks. Full-size figures are in `Docs/reliability.md`.
@Suite("Reliability harnesses (small settings)")
struct ReliabilityHarnessTests {
    @Test("every kind of tamper and damage is detected, named, and crashes nothing")
    func tamper() throws {
        let output = try run(try reliabilityTool(), ["tamper", "--events", "300"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("9 kinds of damage, 9 detected, 0 missed"))
        #expect(
            output.stdout.contains("index entry for an event not yet indexed | detected: typeIndex at sequence 310"))
        #expect(output.stdout.contains("changed byte in a payload | detected: chain at sequence 150"))
        #expect(output.stdout.contains("event removed | detected: sequence at sequence 150"))
    }

    @Test("a full disk refuses appends clearly, loses nothing acknowledged, and recovers", arguments: [false, true])
    func diskFull(forceFileSizeLimit: Bool) throws {
        let output = try run(
            try reliabilityTool(), ["disk-full", "--size-ki-b", "1024"] + (forceFileSizeLimit ? ["--no-mount"] : []))
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("no space left for the store"))
        #expect(output.stdout.contains(", 0 lost, verify passed, appends after freeing space work"))
    }

    @Test("racing appends with expected versions lose no update")
    func concurrentConflict() throws {
        let output = try run(
            try reliabilityTool(), ["concurrent-conflict", "--processes", "2", "--threads", "3", "--attempts", "40"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("240 appends attempted"))
        #expect(output.stdout.contains("no lost update"))
    }

    @Test("backups taken while writers append verify and serve reads")
    func backupUnderLoad() throws {
        let output = try run(try reliabilityTool(), ["backup-under-load", "--backups", "2"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("2 verified and served reads"))
    }
}

extension ReliabilityHarnessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test(
        "hostile input: the regression corpus and seeded mutations end in clear errors, never crashes or partial appends"
    )
    func fuzz() throws {
        let output = try run(
            try reliabilityTool(),
            [
                "fuzz", "--iterations", "1500", "--seeds", Self.root + "/Docs/examples/partnership-sample.ndjson",
                "--corpus", Self.root + "/Tests/CareRecordTests/Fixtures/fuzz-corpus",
            ])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("corpus/duplicate-key.ndjson: line 1: stream: appears more than once"))
        #expect(output.stdout.contains("0 unclear, 0 slower than"))
        #expect(output.stdout.contains("with 0 partial appends"))
    }
}
