import CareCalendar
import CareRecord
import CarelogCLI
import EventLog
import Foundation
import LMDBEventLog
import Projections
import Reports
import Testing

#if canImport(Glibc)
#elseif canImport(Darwin)
import Darwin

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#endif

/// Reports and extracts that replay from their manifests, pseudonyms that cannot be reversed,
/// owner-only files, and parameters that are checked (issue 11, items 4, 5, 6 and 9).
@Suite struct ExtractTrustTests {
    /// A demo store with `people` people over four months from 2020-01-01.
    static func demo(_ cli: CLIHarness, people: Int = 20) throws -> String {
        let store = cli.path("demo")
        let run = cli.run(["demo", "--store", store, "--people", String(people), "--months", "4"])
        try #require(run.exitCode == 0, "\(run.stderr)")
        return store
    }

    /// Appends one more event, so the head moves past what a report read.
    static func appendOneEvent(to path: String) throws {
        let store = try LMDBEventStore(path: path)
        let started = ServiceStarted(
            firstServiceOn: CareDate(year: 2020, month: 4, day: 1)!, model: .timeAndTask, plannedHoursPerWeek: 5,
            team: "late-team")
        try store.append([
            started.careEvent.proposed(
                stream: try #require(StreamName("person/PLATE1")),
                occurredAt: Timestamp(iso8601: "2020-04-01T09:00:00Z")!,
                actor: "system/test")
        ])
    }

    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    static let reports: [(name: String, arguments: [String])] = [
        ("review-due", ["report", "review-due"]),
        ("compliance", ["report", "compliance", "--from", "2020-01-01", "--to", "2020-04-30"]),
        ("rag", ["report", "rag", "--quarter", "2020-Q1"]),
        ("notifications", ["extract", "notifications", "--from", "2020-01-01", "--to", "2020-04-30"]),
        (
            "visit-delivery",
            ["report", "visit-delivery", "--from", "2020-01-01", "--to", "2020-04-30", "--by", "carer"]
        ),
    ]

    @Test func everyReportAndExtractReplaysByteForByteAtItsManifestsSequenceInEveryFormat() throws {
        let cli = CLIHarness()
        let store = try Self.demo(cli)
        var written: [(file: String, manifest: String, arguments: [String])] = []
        for report in Self.reports {
            for format in ["markdown", "csv", "json", "html"] {
                let file = cli.path("\(report.name).\(format)")
                let manifest = file + ".manifest.json"
                let arguments = report.arguments + ["--store", store, "--as-at", "2020-04-30", "--format", format]
                let run = cli.run(arguments + ["--output", file, "--manifest", manifest])
                #expect(run.exitCode == 0, "\(arguments): \(run.stderr)")
                written.append((file, manifest, arguments))
            }
        }
        // The log moves on; the files still replay at their manifests' positions.
        try Self.appendOneEvent(to: store)
        for (file, manifestPath, arguments) in written {
            let manifest = try ExtractManifest(json: try Self.bytes(manifestPath))
            #expect(manifest.knownAt == "head")
            let text = String(decoding: try Self.bytes(file), as: UTF8.self)
            #expect(!text.contains("\"knownAt\""), "\(file) states how its position was asked")
            #expect(!text.contains("As known at"), "\(file) states how its position was asked")
            if manifest.format == "markdown" || manifest.format == "html" { #expect(text.contains("Log position")) }
            if manifest.format != "csv" {  // CSV has no provenance: it is in the manifest
                #expect(text.contains("\(manifest.checkpoint.sequence)"))
            }
            let again = cli.run(arguments + ["--known-at", String(manifest.checkpoint.sequence)])
            #expect(again.exitCode == 0)
            #expect(Array(again.stdout.utf8) == (try Self.bytes(file)), "\(file) does not replay")
            let verified = cli.run(["verify-extract", file, "--manifest", manifestPath, "--store", store])
            #expect(verified.exitCode == 0, "\(file): \(verified.stderr)")
            #expect(verified.stdout.contains("byte for byte"))
        }
    }

    @Test func verifyExtractFailsOnAnEditedOrDeletedRowAndSaysWhy() throws {
        let cli = CLIHarness()
        let store = try Self.demo(cli)
        let file = cli.path("reviews.csv")
        let written = cli.run([
            "report", "review-due", "--store", store, "--as-at", "2020-04-30", "--format", "csv", "--output", file,
            "--manifest", file + ".manifest.json",
        ])
        #expect(written.exitCode == 0, "\(written.stderr)")
        #expect(cli.run(["verify-extract", file]).exitCode == 0)
        let original = try Self.bytes(file)
        let lines = String(decoding: original, as: UTF8.self).components(separatedBy: "\r\n")
        try #require(lines.count > 3)

        // An edited row (same length): the digest differs.
        var edited = original
        let index = try #require(edited.lastIndex(of: UInt8(ascii: "0")))
        edited[index] = UInt8(ascii: "1")
        try Data(edited).write(to: URL(fileURLWithPath: file))
        let afterEdit = cli.run(["verify-extract", file])
        #expect(afterEdit.exitCode == 1)
        #expect(afterEdit.stderr.contains("SHA-256 differs"))

        // A deleted row: the length differs.
        var shorter = lines
        shorter.remove(at: 1)
        try Data(shorter.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: file))
        let afterDelete = cli.run(["verify-extract", file])
        #expect(afterDelete.exitCode == 1)
        #expect(afterDelete.stderr.contains("rows were added, removed or edited"))

        // Restored, it verifies against the store too; and verify --checkpoint takes the manifest.
        try Data(original).write(to: URL(fileURLWithPath: file))
        #expect(cli.run(["verify-extract", file, "--store", store]).exitCode == 0)
        let verify = cli.run(["verify", "--store", store, "--checkpoint", file + ".manifest.json"])
        #expect(verify.exitCode == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("matches checkpoint"))
    }

    @Test func outputFilesAreOwnerOnlyAndNeverReplacedWithoutForce() throws {
        let cli = CLIHarness()
        let store = try Self.demo(cli)
        let previous = umask(0o022)
        defer { umask(previous) }
        let file = cli.path("reviews.csv")
        let arguments = [
            "report", "review-due", "--store", store, "--as-at", "2020-04-30", "--format", "csv", "--output", file,
            "--manifest", file + ".m.json",
        ]
        #expect(cli.run(arguments).exitCode == 0)
        #expect(Self.mode(file) == 0o600)
        #expect(Self.mode(file + ".m.json") == 0o600)

        // A pre-existing 0644 file is refused without --force, and left alone.
        let existing = cli.path("existing.csv")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
        chmod(existing, 0o644)
        let refused = cli.run(["report", "review-due", "--store", store, "--as-at", "2020-04-30", "--output", existing])
        #expect(refused.exitCode == 64)
        #expect(refused.stderr.contains("already exists") && refused.stderr.contains("--force"))
        #expect(String(decoding: try Self.bytes(existing), as: UTF8.self) == "keep me")
        let forced = cli.run([
            "report", "review-due", "--store", store, "--as-at", "2020-04-30", "--output", existing, "--force",
        ])
        #expect(forced.exitCode == 0, "\(forced.stderr)")
        #expect(Self.mode(existing) == 0o600)

        // A missing directory, a directory, and the same file twice are refused before any work.
        let base = ["report", "review-due", "--store", store, "--as-at", "2020-04-30"]
        #expect(cli.run(base + ["--output", cli.path("no-such-dir/r.md")]).exitCode == 64)
        #expect(cli.run(base + ["--output", cli.directory]).exitCode == 64)
        let twice = cli.path("twice.md")
        #expect(cli.run(base + ["--output", twice, "--manifest", twice]).exitCode == 64)
        #expect(!FileManager.default.fileExists(atPath: twice))

        // Checkpoints too.
        let checkpoint = cli.path("q1.checkpoint.json")
        #expect(cli.run(["checkpoint", "--store", store, "--output", checkpoint]).exitCode == 0)
        #expect(Self.mode(checkpoint) == 0o600)
        #expect(cli.run(["checkpoint", "--store", store, "--output", checkpoint]).exitCode == 64)
    }

    @Test func outputInsideAStoreIsRefusedAndTheStoreIsUntouched() throws {
        let cli = CLIHarness()
        let store = try Self.demo(cli)
        let data = store + "/data.mdb"
        let before = try Self.bytes(data)
        for target in [data, store + "/report.md", store + "/keys/x.md"] {
            let run = cli.run([
                "report", "review-due", "--store", store, "--as-at", "2020-04-30", "--output", target, "--force",
            ])
            #expect(run.exitCode == 64, "\(target)")
            #expect(run.stderr.contains("inside the Carelog store"), "\(target): \(run.stderr)")
        }
        // Another store's directory is refused too, found by its data.mdb.
        let other = cli.path("other")
        #expect(cli.run(["init", "--store", other]).exitCode == 0)
        #expect(
            cli.run(["report", "review-due", "--store", store, "--as-at", "2020-04-30", "--output", other + "/r.md"])
                .exitCode == 64)
        #expect(try Self.bytes(data) == before)
        #expect(cli.run(["verify", "--store", store]).exitCode == 0)
    }

    @Test func backupsAreOwnerOnlyAndCarryKeysOnlyWhenAsked() throws {
        let cli = CLIHarness()
        let store = try Self.demo(cli)
        let previous = umask(0o022)
        defer { umask(previous) }
        // The first pseudonymous extract creates the recipient's key, owner-only.
        #expect(cli.run(["extract", "notifications", "--store", store, "--as-at", "2020-04-30"]).exitCode == 0)
        let keyFile = store + "/keys/pseudonym-care-inspectorate.key"
        #expect(Self.mode(store + "/keys") == 0o700)
        #expect(Self.mode(keyFile) == 0o600)

        let plain = cli.path("backup-plain")
        #expect(cli.run(["backup", "--store", store, plain]).exitCode == 0)
        #expect(Self.mode(plain) == 0o700)
        for name in try FileManager.default.contentsOfDirectory(atPath: plain) {
            #expect(Self.mode(plain + "/" + name) == 0o600, "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: plain + "/keys"))

        // The log's signing key (created here on first use) travels with the pseudonym keys.
        #expect(cli.run(["checkpoint", "--store", store, "--vkey"]).exitCode == 0)
        // So do the signed checkpoints, the history folder included.
        #expect(cli.run(["checkpoint", "--store", store, "--sign"]).exitCode == 0)
        let withKeys = cli.path("backup-keys")
        #expect(cli.run(["backup", "--store", store, "--include-keys", withKeys]).exitCode == 0)
        #expect(Self.mode(withKeys + "/keys") == 0o700)
        #expect(Self.mode(withKeys + "/keys/pseudonym-care-inspectorate.key") == 0o600)
        #expect(try Self.bytes(withKeys + "/keys/pseudonym-care-inspectorate.key") == (try Self.bytes(keyFile)))
        #expect(Self.mode(withKeys + "/keys/log-signing.key") == 0o600)
        #expect(try Self.bytes(withKeys + "/keys/log-signing.key") == (try Self.bytes(store + "/keys/log-signing.key")))
        let history = try FileManager.default.contentsOfDirectory(atPath: store + "/keys/signed")
        #expect(history.count == 1)
        #expect(Self.mode(withKeys + "/keys/signed") == 0o700)
        for name in history {
            #expect(Self.mode(withKeys + "/keys/signed/" + name) == 0o600)
            #expect(
                try Self.bytes(withKeys + "/keys/signed/" + name) == (try Self.bytes(store + "/keys/signed/" + name)))
        }

        // A key readable by others is refused rather than used.
        chmod(keyFile, 0o644)
        let exposed = cli.run(["extract", "notifications", "--store", store, "--as-at", "2020-04-30"])
        #expect(exposed.exitCode == 74)
        #expect(exposed.stderr.contains("chmod 600"))
        chmod(keyFile, 0o600)
    }

    @Test func twoRecipientsGetUnlinkablePseudonymsAndTheManifestNamesOnlyTheRecipient() throws {
        let cli = CLIHarness()
        let store = try Self.demo(cli, people: 40)
        func pseudonyms(_ recipient: String) throws -> (Set<String>, String) {
            let file = cli.path("ci-\(recipient).csv")
            let run = cli.run([
                "extract", "notifications", "--store", store, "--as-at", "2020-04-30", "--from", "2020-01-01",
                "--format", "csv",
                "--recipient", recipient, "--output", file,
            ])
            try #require(run.exitCode == 0, "\(run.stderr)")
            let text = String(decoding: try Self.bytes(file), as: UTF8.self)
            let manifest = String(decoding: try Self.bytes(file + ".manifest.json"), as: UTF8.self)
            return (Set(text.matches(of: /(PSN|INC)-[0-9a-f]{16}/).map { String($0.output.0) }), manifest)
        }
        let (inspectorate, inspectorateManifest) = try pseudonyms("care-inspectorate")
        let (auditor, auditorManifest) = try pseudonyms("auditor")
        try #require(!inspectorate.isEmpty)
        #expect(inspectorate.count == auditor.count)
        #expect(inspectorate.isDisjoint(with: auditor))
        #expect(inspectorateManifest.contains("recipient=care-inspectorate"))
        #expect(auditorManifest.contains("recipient=auditor"))
        for recipient in ["care-inspectorate", "auditor"] {
            let key = String(
                decoding: try Self.bytes(store + "/keys/pseudonym-\(recipient).key").prefix(64), as: UTF8.self)
            #expect(!inspectorateManifest.contains(key) && !auditorManifest.contains(key))
        }
        // A manifest that is not one is invalid input.
        let bogus = cli.path("bogus.json")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: bogus))
        #expect(cli.run(["verify-extract", bogus, "--manifest", bogus]).exitCode == 65)
    }

    @Test func badParametersAreUsageErrorsThatSayWhy() throws {
        let cli = CLIHarness()
        let store = try Self.demo(cli)
        let pastHead = cli.run([
            "report", "review-due", "--store", store, "--as-at", "2020-04-30", "--known-at", "99999999",
        ])
        #expect(pastHead.exitCode == 64)
        #expect(pastHead.stderr.contains("past the head"))
        #expect(cli.run(["checkpoint", "--store", store, "--known-at", "99999999"]).exitCode == 64)
        #expect(
            cli.run(["extract", "notifications", "--store", store, "--as-at", "2020-04-30", "--known-at", "99999999"])
                .exitCode == 64)

        let notBegun = cli.run(["report", "rag", "--store", store, "--quarter", "2020-Q3", "--as-at", "2020-06-30"])
        #expect(notBegun.exitCode == 64)
        #expect(notBegun.stderr.contains("has not begun"))

        let ancient = cli.run(["report", "rag", "--store", store, "--quarter", "0001-Q1", "--as-at", "2020-06-30"])
        #expect(ancient.exitCode == 64)
        #expect(ancient.stderr.contains("years"))

        let alias = cli.run(["report", "reviews-due", "--store", store, "--as-at", "2020-04-30"])
        #expect(alias.exitCode == 0, "\(alias.stderr)")
        #expect(alias.stdout == cli.run(["report", "review-due", "--store", store, "--as-at", "2020-04-30"]).stdout)

        let badRecipient = cli.run(["extract", "notifications", "--store", store, "--recipient", "Bad Name"])
        #expect(badRecipient.exitCode == 64)
        #expect(!badRecipient.stderr.contains("Bad Name"))
    }

    @Test func jsonAndCSVCarryDocumentedCodesAndMarkdownTheLabels() throws {
        let cli = CLIHarness()
        let store = try Self.demo(cli)
        let common = ["--store", store, "--as-at", "2020-04-30"]
        let json = cli.run(["report", "review-due"] + common + ["--format", "json"]).stdout
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let sections = try #require(root["sections"] as? [[String: Any]])
        let rows = sections.dropFirst().flatMap { ($0["rows"] as? [[String: Any]]) ?? [] }
        try #require(!rows.isEmpty)
        let statusCodes = Set(ReviewStatus.allCases.map(\.rawValue))
        let dutyCodes = Set(ReviewDuty.allCases.map(\.rawValue))
        for row in rows {
            if let status = row["status"] { #expect(statusCodes.contains(status as? String ?? ""), "\(status)") }
            if let reason = row["reason"] { #expect(dutyCodes.contains(reason as? String ?? ""), "\(reason)") }
            if let duty = row["duty"] { #expect(dutyCodes.contains(duty as? String ?? ""), "\(duty)") }
            // daysOverdue is null unless overdue; daysRemaining is null once overdue.
            let overdue = row["daysOverdue"] as? Int
            let remaining = row["daysRemaining"] as? Int
            #expect((overdue == nil) != (remaining == nil), "\(row)")
            if let overdue { #expect(overdue > 0) }
        }

        let csv = cli.run(["report", "review-due"] + common + ["--format", "csv"]).stdout
        #expect(!csv.contains("Six-month review") && csv.contains("sixMonthReview"))
        let markdown = cli.run(["report", "review-due"] + common).stdout
        #expect(markdown.contains("Six-month review"))

        let rag = cli.run(["report", "rag", "--quarter", "2020-Q2"] + common + ["--format", "json"]).stdout
        let changeCodes = Set(RAGChange.allCases.map(\.rawValue))
        let ragRoot = try #require(try JSONSerialization.jsonObject(with: Data(rag.utf8)) as? [String: Any])
        let changes = ((ragRoot["sections"] as? [[String: Any]]) ?? []).flatMap {
            ($0["rows"] as? [[String: Any]]) ?? []
        }.compactMap { $0["change"] as? String }
        try #require(!changes.isEmpty)
        #expect(changes.allSatisfy(changeCodes.contains), "\(changes)")
        #expect(!rag.contains("↓") && !rag.contains("→") && !rag.contains("↑"))
    }

    @Test func complianceShowsEveryComplaintTimeLimitAndReviewsDueEveryDuty() throws {
        let cli = CLIHarness()
        let store = try Self.demo(cli, people: 40)
        let csv = cli.run([
            "report", "compliance", "--store", store, "--as-at", "2020-04-30", "--from", "2020-01-01", "--to",
            "2020-04-30", "--format", "csv",
        ]).stdout
        let complaintRows = csv.components(separatedBy: "\r\n").filter { $0.hasPrefix("Complaint time limits,") }
        let json = cli.run([
            "report", "compliance", "--store", store, "--as-at", "2020-04-30", "--from", "2020-01-01", "--to",
            "2020-04-30", "--format", "json",
        ]).stdout
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let sections = try #require(root["sections"] as? [[String: Any]])
        let service = try #require(sections.first?["rows"] as? [[String: Any]])
        func denominator(_ measure: String) -> Int {
            let figure = service.first { $0["measure"] as? String == measure }?["figure"] as? [String: Any]
            return figure?["denominator"] as? Int ?? 0
        }
        let counted =
            denominator("complaintsStage1OnTime") + denominator("complaintsStage2AcknowledgedOnTime")
            + denominator("complaintsStage2OnTime")
        let complaintSection = try #require(sections.last)
        #expect(complaintSection["heading"] as? String == "Complaint time limits")
        let rows = try #require(complaintSection["rows"] as? [[String: Any]])
        // Each counted time limit is a row; withdrawn ones are listed but not counted.
        #expect(rows.filter { $0["outcome"] as? String != "withdrawn" }.count == counted)
        #expect(complaintRows.count == rows.count)
        for row in rows {
            #expect(row["complaintId"] is String && row["dueOn"] is String && row["startedOn"] is String)
            #expect(["onTime", "late", "unanswered", "withdrawn"].contains(row["outcome"] as? String ?? ""))
        }
    }
}
