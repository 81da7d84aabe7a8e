import CarelogCLI
import Foundation
import Testing
import TransparencyLog

/// Issue 15: the re-identification test of issue 11 on a whole bundle. With everything a bundle
/// holds (disclosed salts and values, every field digest, pseudonyms, the log's origin and the
/// recipient), trying 10^6 person ids against the hidden person-id field recovers nobody —
/// while the same search with the real salt (which only the operator can derive) finds the person.
@Suite struct BundleReidentificationTests {
    @Test func bruteForcingAMillionIdsWithEverythingABundleHoldsRecoversNobody() throws {
        let cli = CLIHarness()
        let (store, _) = try BundleFixture.store(cli)
        try #require(BundleFixture.extract(cli, store, "bundle").exitCode == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: cli.path("bundle/proofs.json")))
        let proofs = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let inclusion = try #require(proofs["inclusion"] as? [[String: Any]])
        // The submission EF-1 names its person (P…) in the hidden payload.personId.
        let target = try #require(
            inclusion.first { entry in
                ((entry["disclosures"] as? [[String: String]]) ?? []).contains { $0["value"] == "\"EF-1\"" }
            })
        let targetSequence = try #require(target["sequence"] as? Int)
        let digests = Set(try #require(target["field_digests"] as? [String]).compactMap(MerkleHash.init(hex:)))
        let disclosures = try #require(target["disclosures"] as? [[String: String]])
        // Every salt the bundle discloses, any event's, plus a zero salt.
        let salts =
            Array(
                Set(
                    inclusion.flatMap { ($0["disclosures"] as? [[String: String]]) ?? [] }.compactMap {
                        $0["salt"].flatMap(Self.unhex)
                    })) + [[UInt8](repeating: 0, count: 16)]
        try #require(!disclosures.isEmpty && salts.count > 3)

        let realId = BundleFixture.personId(1)
        // Every id P0–P999999 (the real one among them) under the target event's disclosed salts
        // and a zero salt; the real id also under every salt in the bundle.
        let targetSalts = disclosures.compactMap { $0["salt"].flatMap(Self.unhex) } + [salts[salts.count - 1]]
        var recovered = 0
        for number in 0..<1_000_000 {
            let candidate = "P" + String(number)
            for salt in candidate == realId ? salts : targetSalts {
                let guess = try FieldDisclosure(salt: salt, name: "payload.personId", value: "\"\(candidate)\"")
                if digests.contains(guess.digest) { recovered += 1 }
            }
        }
        #expect(recovered == 0, "\(recovered) people re-identified")

        // Control: with the real salt (derived from the operator's secret) the same guess is found at once.
        let saltKeyText = try String(contentsOfFile: store + "/keys/field-salt.key", encoding: .utf8)
        let saltKey = try FieldSaltKey(bytes: try #require(Self.unhex(String(saltKeyText.prefix(64)))))
        let realSalt = saltKey.salt(sequence: UInt64(targetSequence), field: "payload.personId")
        let found = try FieldDisclosure(salt: realSalt, name: "payload.personId", value: "\"\(realId)\"")
        #expect(digests.contains(found.digest))
    }

    static func unhex(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
