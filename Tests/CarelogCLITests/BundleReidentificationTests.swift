import CarelogCLI
import EventLog
import Foundation
import Testing
import TransparencyLog

/// Issue 15: the re-identification test of issue 11 on a whole bundle. With everything a bundle
/// holds (disclosed salts and values, every field digest, the pseudonyms and their disclosed
/// slot fields, the log's origin and the recipient), trying 10^6 person ids against the hidden
/// person-id field, or against the disclosed pseudonym under any key the bundle could give,
/// recovers nobody — while the same search with the real salt or slot key (which only the
/// operator holds) finds the person.
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

        // The row's pseudonym is proved: its slot field is disclosed, with its own salt (so that
        // salt is among the target's salts every id is tried under, below).
        let pseudonym = try #require(disclosures.first { $0["name"] == "pseudonym/0" })
        let pseudonymValue = try #require(pseudonym["value"])

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

        // The disclosed pseudonym against every id under each key a bundle could give away: the
        // SHA-256 of the log's origin, of the recipient, of the store id, and of nothing.
        let origin = try #require(
            String(
                decoding: try Data(contentsOf: URL(fileURLWithPath: cli.path("bundle/checkpoint.txt"))), as: UTF8.self
            )
            .split(separator: "\n").first.map(String.init))
        let storeID = String(origin.dropFirst("carelog.".count))
        let guessedKeys = [origin, "care-inspectorate", storeID, ""].map { EventHash.sha256(of: Array($0.utf8)).bytes }
        // The 8 bytes the pseudonym shows (16 hex digits between `"PSN-` and `"`).
        let shown = try #require(Self.unhex(String(pseudonymValue.dropFirst(5).dropLast())))
        try #require(shown.count == 8 && pseudonymValue.hasPrefix("\"PSN-"))
        var linked = 0
        for key in guessedKeys {
            let mac = FastHMAC(key: key)
            for number in 0..<1_000_000 where mac.matches("P" + String(number), shown) { linked += 1 }
        }
        #expect(linked == 0, "\(linked) pseudonyms recomputed")
        // Control: under the recipient's real slot key (the operator's secret) the real id gives it.
        let slotKeyText = try String(
            contentsOfFile: store + "/keys/pseudonym-care-inspectorate.key", encoding: .utf8)
        let slotKey = try #require(Self.unhex(String(slotKeyText.prefix(64))))
        #expect(FastHMAC(key: slotKey).matches(realId, shown))

        // Control: with the real salt (derived from the operator's secret) the same guess is found at once.
        let saltKeyText = try String(contentsOfFile: store + "/keys/field-salt.key", encoding: .utf8)
        let saltKey = try FieldSaltKey(bytes: try #require(Self.unhex(String(saltKeyText.prefix(64)))))
        let realSalt = saltKey.salt(sequence: UInt64(targetSequence), field: "payload.personId")
        let found = try FieldDisclosure(salt: realSalt, name: "payload.personId", value: "\"\(realId)\"")
        #expect(digests.contains(found.digest))
    }

    /// HMAC-SHA256 under a 32-byte key with the key blocks absorbed once, to test whether an id
    /// gives a pseudonym (its first 8 bytes, of `person:<id>`), fast enough for 10^6 guesses per key.
    struct FastHMAC {
        let inner: SHA256Stream
        let outer: SHA256Stream

        init(key: [UInt8]) {
            var block = key + [UInt8](repeating: 0, count: 64 - key.count)
            for i in block.indices { block[i] ^= 0x36 }
            inner = block.withUnsafeBytes { SHA256Stream(absorbing: $0) }
            for i in block.indices { block[i] ^= 0x36 ^ 0x5c }
            outer = block.withUnsafeBytes { SHA256Stream(absorbing: $0) }
        }

        func matches(_ personId: String, _ shown: [UInt8]) -> Bool {
            var mac = inner
            var message = "person:" + personId
            message.withUTF8 { mac.update(UnsafeRawBufferPointer($0)) }
            let digest = mac.finalize()
            var hash = outer
            digest.withBytes { hash.update($0) }
            return hash.finalize().withBytes(count: 8) { $0.elementsEqual(shown) }
        }
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
