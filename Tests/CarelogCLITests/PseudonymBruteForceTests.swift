import CareRecord
import CarelogCLI
import EventLog
import Foundation
import LMDBEventLog
import Projections
import Reports
import Testing

/// Issue 11, item 5: with everything an extract and its manifest hold (the store id, the
/// recipient, the pseudonyms), trying every candidate person id recovers nobody.
@Suite struct PseudonymBruteForceTests {
    /// The first 48 bits of a digest, the length the old scheme printed (12 hex digits).
    static func prefix48(_ bytes: [UInt8]) -> UInt64 {
        bytes.prefix(6).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The first 48 bits written in a `PSN-<hex>` reference.
    static func prefix48(pseudonym: Substring) -> UInt64? { UInt64(pseudonym.dropFirst(4).prefix(12), radix: 16) }

    @Test func bruteForcingAMillionIdsWithEverythingAnExtractHoldsRecoversNobody() throws {
        let cli = CLIHarness()
        let store = cli.path("store")
        try #require(cli.run(["init", "--store", store]).exitCode == 0)
        // 45 people with six-digit ids spread over P000000–P999999, each with a notification.
        let ids = (0..<45).map { i -> String in
            let number = String((i * 22_229 + 1_234) % 1_000_000)
            return "P" + String(repeating: "0", count: 6 - number.count) + number
        }
        do {
            let log = try LMDBEventStore(path: store)
            for (index, id) in ids.enumerated() {
                let aware = Timestamp(iso8601: "2020-02-01T09:00:00Z")!.adding(milliseconds: Int64(index) * 3_600_000)
                let notification = NotificationSubmitted(
                    category: .accidentIncidentOrInjury, eFormsReference: "EF-\(index)",
                    submittedAt: aware.adding(milliseconds: 3_600_000),
                    becameAwareAt: aware, personId: id, submittedBy: "S0001")
                try log.append([
                    notification.careEvent.proposed(
                        stream: try #require(StreamName("notification/N\(index)")), occurredAt: aware,
                        actor: "staff/S0001")
                ])
            }
        }
        let file = cli.path("ci.json")
        let run = cli.run([
            "extract", "notifications", "--store", store, "--from", "2020-01-01", "--to", "2020-03-31", "--as-at",
            "2020-03-31",
            "--format", "json", "--output", file,
        ])
        try #require(run.exitCode == 0, "\(run.stderr)")
        let extract = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
        let manifestText = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: file + ".manifest.json")), as: UTF8.self)
        let manifest = try ExtractManifest(json: Array(manifestText.utf8))
        let storeID = manifest.checkpoint.storeID
        let recipient = try #require(manifest.option("recipient"))

        // What the attacker sees: the pseudonyms.
        let seen = Set(extract.matches(of: /PSN-[0-9a-f]{16}/).compactMap { Self.prefix48(pseudonym: $0.output) })
        try #require(seen.count == ids.count, "the extract should name all \(ids.count) people")
        // No secret travels with the extract.
        let key = try Data(contentsOf: URL(fileURLWithPath: store + "/keys/pseudonym-\(recipient).key"))
        let keyHex = String(decoding: key.prefix(64), as: UTF8.self)
        #expect(!extract.contains(keyHex) && !manifestText.contains(keyHex))

        // Control: pseudonyms made the old way (SHA-256 of store id and person id) for ids the
        // demo really uses; the same search must find every one of them.
        let controlIds = Array(ids.prefix(3))
        let control = Set(controlIds.map { Self.prefix48(EventHash.sha256(of: Array("\(storeID):\($0)".utf8)).bytes) })

        // Keys an attacker could derive from the bundle, for the keyed scheme.
        let derivedKeys = [storeID, recipient, ""].compactMap {
            PseudonymKey(recipient: recipient, bytes: EventHash.sha256(of: Array($0.utf8)).bytes)
        }
        var recovered = 0
        var controlFound = 0
        // Every id P000000–P999999 under the old scheme, as the attacker of issue 11 did.
        let digits = Array("0123456789".utf8)
        let storePrefix = Array("\(storeID):".utf8)
        var id = [UInt8](repeating: UInt8(ascii: "0"), count: 7)
        id[0] = UInt8(ascii: "P")
        for number in 0..<1_000_000 {
            var n = number
            for i in (1...6).reversed() {
                id[i] = digits[n % 10]
                n /= 10
            }
            let old = Self.prefix48(EventHash.sha256(of: storePrefix + id).bytes)
            if seen.contains(old) { recovered += 1 }
            if control.contains(old) { controlFound += 1 }
        }
        // Under the keyed scheme with any key derivable from the bundle, not even the true ids
        // match, so no candidate list would.
        for id in ids {
            let message = Array("person:\(id)".utf8)
            for derived in derivedKeys where seen.contains(Self.prefix48(derived.authenticationCode(for: message))) {
                recovered += 1
            }
        }
        #expect(controlFound == controlIds.count, "the search would not have found old-scheme pseudonyms")
        #expect(recovered == 0, "\(recovered) people re-identified")
    }
}
