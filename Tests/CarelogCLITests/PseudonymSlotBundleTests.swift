import CareRecord
import CarelogCLI
import EventLog
import Foundation
import LMDBEventLog
import Testing
import TransparencyLog

/// Issue 15, `Docs/proofs.md` §11: a recipient given a pseudonym slot has its rows' pseudonyms
/// proved by the log, each check run through both verifiers.
@Suite("Pseudonyms proved by the log (slot recipients)")
struct PseudonymSlotBundleTests {
    static func json(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static func write(_ object: [String: Any], to path: String) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
    }

    /// The rows of `proofs.json`.
    static func rows(_ proofs: [String: Any]) throws -> [[String: Any]] {
        try #require(proofs["rows"] as? [[String: Any]])
    }

    static func cells(_ row: [String: Any]) -> [[String: Any]] { row["cells"] as? [[String: Any]] ?? [] }

    static func provedColumns(_ row: [String: Any]) -> Set<String> {
        Set(cells(row).compactMap { $0["column"] as? String })
    }

    /// Appends notifications (each naming its own person) after the fixture's events.
    static func appendNotifications(_ store: String, _ indices: Range<Int>) throws {
        let log = try LMDBEventStore(path: store)
        let start = try #require(Timestamp(iso8601: "2020-03-01T09:00:00Z"))
        for index in indices {
            let aware = start.adding(milliseconds: Int64(index) * 3_600_000)
            let notification = NotificationSubmitted(
                category: .accidentIncidentOrInjury, eFormsReference: "EF-\(index)",
                submittedAt: aware.adding(milliseconds: 3_600_000), becameAwareAt: aware,
                personId: BundleFixture.personId(index), submittedBy: "S0001")
            try log.append([
                notification.careEvent.proposed(
                    stream: try #require(StreamName("notification/N\(index)")), occurredAt: aware,
                    actor: "staff/S0001")
            ])
        }
    }

    @Test("a slot recipient's bundle proves every row's pseudonyms, and discloses no other slot's")
    func slotRecipientsPseudonymsAreProved() throws {
        let cli = CLIHarness()
        let (store, vkey) = try BundleFixture.store(cli)
        let made = BundleFixture.extract(cli, store, "bundle")
        try #require(made.exitCode == 0, "\(made.stderr)")
        for (status, output) in try BundleFixture.verifyBoth(cli, "bundle", ["--key", vkey]) {
            #expect(status == 0, "\(output)")
        }
        let key = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: store + "/keys/pseudonym-care-inspectorate.key")),
            as: UTF8.self)
        #expect(key.hasSuffix("\nslot 0\n"))
        #expect(try BundleFixture.mode(store + "/keys/pseudonym_root.key") == 0o600)
        let proofs = try Self.json(cli.path("bundle/proofs.json"))
        #expect(proofs["format"] as? String == "carelog-bundle/v2")
        #expect(proofs["pseudonym_slot"] as? Int == 0)
        let rows = try Self.rows(proofs)
        #expect(rows.count == 7)
        for row in rows {
            // Every row names its subject; rows of an incident (every third, and the unnotified one) its incident.
            #expect(Self.provedColumns(row).contains("subject"), "\(row)")
            let unproved = row["unproved"] as? [String] ?? []
            #expect(!unproved.contains("subject") && !unproved.contains("incident"), "\(row)")
        }
        #expect(rows.filter { Self.provedColumns($0).contains("incident") }.count == 3)
        let inclusion = try #require(proofs["inclusion"] as? [[String: Any]])
        #expect(inclusion.allSatisfy { $0["leaf_version"] as? Int == 2 })
        let disclosed = inclusion.flatMap { ($0["disclosures"] as? [[String: String]]) ?? [] }.compactMap { $0["name"] }
        #expect(disclosed.contains("pseudonym/0") && disclosed.contains("incident/0"))
        for slot in 1..<PseudonymRootKey.slotCount {
            #expect(!disclosed.contains("pseudonym/\(slot)") && !disclosed.contains("incident/\(slot)"))
        }
        // A second recipient takes the next slot; its pseudonyms are proved too, and differ.
        try #require(BundleFixture.extract(cli, store, "auditor", ["--recipient", "auditor"]).exitCode == 0)
        for (status, output) in try BundleFixture.verifyBoth(cli, "auditor", ["--key", vkey]) {
            #expect(status == 0, "\(output)")
        }
        let auditor = try Self.json(cli.path("auditor/proofs.json"))
        #expect(auditor["pseudonym_slot"] as? Int == 1)
        let subjects = { (file: String) throws -> Set<String> in
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: cli.path(file))), as: UTF8.self)
            return Set(text.matches(of: /PSN-[0-9a-f]{16}/).map { String($0.output) })
        }
        #expect(try subjects("bundle/extract.json").isDisjoint(with: try subjects("auditor/extract.json")))
        #expect(try !subjects("bundle/extract.json").isEmpty)
    }

    @Test("two rows' pseudonyms swapped in extract.json: the cell does not match the disclosed field")
    func swappedPseudonymsAreNamed() throws {
        let cli = CLIHarness()
        let (store, vkey) = try BundleFixture.store(cli)
        try #require(BundleFixture.extract(cli, store, "bundle").exitCode == 0)
        try BundleFixture.tamper(cli.path("bundle/extract.json")) { rows in
            guard var first = rows[0] as? [String: Any], var second = rows[1] as? [String: Any] else { return }
            (first["subject"], second["subject"]) = (second["subject"], first["subject"])
            (rows[0], rows[1]) = (first, second)
        }
        for (status, output) in try BundleFixture.verifyBoth(cli, "bundle", ["--key", vkey]) {
            #expect(status == 1, "\(output)")
            #expect(
                output.contains("section 1 row 1, column subject: the cell does not match the disclosed field"),
                "\(output)")
        }
    }

    @Test("a pseudonym disclosed from another recipient's slot is refused by both verifiers")
    func pseudonymFromAnotherSlotIsRefused() throws {
        let cli = CLIHarness()
        let (store, vkey) = try BundleFixture.store(cli)
        try #require(BundleFixture.extract(cli, store, "bundle").exitCode == 0)
        try #require(BundleFixture.extract(cli, store, "auditor", ["--recipient", "auditor"]).exitCode == 0)
        // The operator shows row 1 with the auditor's pseudonym, disclosing slot 1's field of the same event.
        var proofs = try Self.json(cli.path("bundle/proofs.json"))
        var rows = try Self.rows(proofs)
        var cells = Self.cells(rows[0])
        let index = try #require(cells.firstIndex { $0["column"] as? String == "subject" })
        let sequence = try #require(cells[index]["sequence"] as? Int)
        cells[index]["field"] = "pseudonym/1"
        rows[0]["cells"] = cells
        proofs["rows"] = rows
        let other = try #require(
            try Self.json(cli.path("auditor/proofs.json"))["inclusion"] as? [[String: Any]])
        let otherEntry = try #require(other.first { $0["sequence"] as? Int == sequence })
        let otherField = try #require(
            (otherEntry["disclosures"] as? [[String: String]])?.first { $0["name"] == "pseudonym/1" })
        var inclusion = try #require(proofs["inclusion"] as? [[String: Any]])
        let entry = try #require(inclusion.firstIndex { $0["sequence"] as? Int == sequence })
        inclusion[entry]["disclosures"] = (inclusion[entry]["disclosures"] as? [[String: String]] ?? []) + [otherField]
        proofs["inclusion"] = inclusion
        try Self.write(proofs, to: cli.path("bundle/proofs.json"))
        let otherSubject = try #require(
            ((try Self.json(cli.path("auditor/extract.json"))["sections"] as? [[String: Any]])?[0]["rows"]
                as? [[String: Any]])?[0]["subject"])
        try BundleFixture.tamper(cli.path("bundle/extract.json")) { rows in
            guard var first = rows[0] as? [String: Any] else { return }
            first["subject"] = otherSubject
            rows[0] = first
        }
        for (status, output) in try BundleFixture.verifyBoth(cli, "bundle", ["--key", vkey]) {
            #expect(status == 1, "\(output)")
            #expect(
                output.contains(
                    "section 1 row 1, column subject: the pseudonym is disclosed from another slot than the recipient's"
                ),
                "\(output)")
        }
    }

    @Test("a v1 store extended with v2 leaves verifies across the boundary; pre-slot recipients stay unproved")
    func v1StoreExtendedWithV2Leaves() throws {
        let cli = CLIHarness()
        let (store, vkey) = try BundleFixture.store(cli)
        // A store from before slots: no pseudonym root key, and a recipient with a random key.
        try FileManager.default.removeItem(atPath: store + "/keys/pseudonym_root.key")
        _ = FileManager.default.createFile(
            atPath: store + "/keys/pseudonym-legacy.key",
            contents: Data((String(repeating: "5a", count: 32) + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
        let old = cli.path("old.checkpoint")
        try #require(cli.run(["checkpoint", "--store", store, "--sign", "--output", old]).exitCode == 0)
        let oldSize = try LMDBEventStore(path: store).treeSize()
        #expect(try LMDBEventStore(path: store).leafV2From() == nil)

        // The first new recipient creates the root key; the next signing starts v2 leaves after the tree.
        try #require(BundleFixture.extract(cli, store, "first").exitCode == 0)
        #expect(try LMDBEventStore(path: store).leafV2From() == oldSize + 1)
        let first = try Self.json(cli.path("first/proofs.json"))
        #expect(first["pseudonym_slot"] as? Int == 0)
        for row in try Self.rows(first) { #expect(!Self.provedColumns(row).contains("subject")) }
        try Self.appendNotifications(store, 10..<13)
        let made = BundleFixture.extract(cli, store, "second", ["--previous-checkpoint", old])
        try #require(made.exitCode == 0, "\(made.stderr)")
        for bundle in ["first", "second"] {
            for (status, output) in try BundleFixture.verifyBoth(
                cli, bundle, ["--key", vkey, "--previous-checkpoint", old])
            {
                #expect(status == 0, "\(bundle): \(output)")
            }
        }
        let second = try Self.json(cli.path("second/proofs.json"))
        let versions = try #require(second["inclusion"] as? [[String: Any]]).map { $0["leaf_version"] as? Int }
        #expect(versions.contains(1) && versions.contains(2))
        let rows = try Self.rows(second)
        let proved = rows.filter { Self.provedColumns($0).contains("subject") }
        #expect(proved.count == 3)
        #expect(
            proved.allSatisfy { (($0["events"] as? [Int])?.first).map { UInt64($0) > oldSize } == true })
        #expect(rows.count - proved.count == 7)
        let verify = cli.run(["verify", "--store", store])
        #expect(verify.exitCode == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("v1 leaves before event \(oldSize + 1), v2 from it"), "\(verify.stdout)")

        // The pre-slot recipient keeps its random key: its pseudonyms are listed as unproved.
        try #require(BundleFixture.extract(cli, store, "legacy", ["--recipient", "legacy"]).exitCode == 0)
        let legacy = try Self.json(cli.path("legacy/proofs.json"))
        #expect(legacy["pseudonym_slot"] == nil)
        for row in try Self.rows(legacy) {
            #expect((row["unproved"] as? [String] ?? []).contains("subject"))
        }
        for (status, output) in try BundleFixture.verifyBoth(cli, "legacy", ["--key", vkey]) {
            #expect(status == 0, "\(output)")
        }

        // Without the root key the store's v2 leaves can be neither checked nor extended.
        try FileManager.default.removeItem(atPath: store + "/keys/pseudonym_root.key")
        let missing = cli.run(["verify", "--store", store])
        #expect(missing.exitCode != 0)
        #expect(missing.stderr.contains("pseudonym root key"), "\(missing.stderr)")
        #expect(cli.run(["checkpoint", "--store", store, "--sign"]).exitCode != 0)
    }
}
