import Testing
import TransparencyLog

@Suite("Event leaves and field disclosures")
struct EventLeafTests {
    static let fields: [(name: String, value: String)] = [
        ("personId", "P-104233"), ("pseudonym", "subj-7f3a"), ("category", "accident-incident-injury"),
        ("occurredOn", "2026-03-14"), ("notes", "Slipped in the bathroom; no injury."),
    ]

    @Test("a disclosed field verifies against the leaf, and the leaf is included in the tree")
    func disclosureVerifies() throws {
        let key = FieldSaltKey.generate()
        let (leaf, disclosures) = try EventLeaf.commit(
            sequence: 3, eventType: "notification.recorded", fields: Self.fields, saltKey: key)
        var store = InMemoryMerkleHashStore()
        store.append(leafHash: .leaf([1]))
        store.append(leafHash: .leaf([2]))
        store.append(leafHash: leaf.leafHash)
        let shown = disclosures.filter { ["pseudonym", "category"].contains($0.name) }
        // The verifier holds only the header, the opaque digests and the shown disclosures.
        let received = try EventLeaf(
            sequence: 3, eventType: "notification.recorded", fieldDigests: leaf.fieldDigests.reversed())
        try received.verify(shown)
        let proof = try MerkleTree.inclusionProof(index: received.index, size: 3, store: store)
        try MerkleTree.verifyInclusion(
            leafHash: received.leafHash, index: received.index, size: 3, proof: proof, rootHash: store.rootHash)
    }

    @Test("a wrong value, salt or name fails the disclosure, naming the field but not the value")
    func wrongDisclosureFails() throws {
        let key = FieldSaltKey.generate()
        let (leaf, disclosures) = try EventLeaf.commit(
            sequence: 9, eventType: "notification.recorded", fields: Self.fields, saltKey: key)
        let category = try #require(disclosures.first { $0.name == "category" })
        var salt = category.salt
        salt[0] ^= 1
        for wrong in [
            try FieldDisclosure(salt: category.salt, name: "category", value: "death"),
            try FieldDisclosure(salt: salt, name: "category", value: category.value),
            try FieldDisclosure(salt: category.salt, name: "occurredOn", value: category.value),
        ] {
            #expect(throws: EventLeafError.disclosureMismatch(field: wrong.name)) { try leaf.verify([wrong]) }
            #expect(!EventLeafError.disclosureMismatch(field: wrong.name).description.contains(wrong.value))
        }
        // Another event's salts do not open this event's fields.
        let (_, otherDisclosures) = try EventLeaf.commit(
            sequence: 10, eventType: "notification.recorded", fields: Self.fields, saltKey: key)
        #expect(throws: EventLeafError.self) { try leaf.verify(otherDisclosures.filter { $0.name == "category" }) }
    }

    @Test("salts are 128-bit, per event and per field, derived from the key; the leaf is deterministic")
    func saltsAreDerived() throws {
        let keyBytes = (0..<32).map { UInt8($0) }
        let key = try FieldSaltKey(bytes: keyBytes)
        let a = key.salt(sequence: 1, field: "personId")
        #expect(a.count == 16)
        #expect(a == (try FieldSaltKey(bytes: keyBytes)).salt(sequence: 1, field: "personId"))
        #expect(a != key.salt(sequence: 2, field: "personId"))
        #expect(a != key.salt(sequence: 1, field: "pseudonym"))
        #expect(a != FieldSaltKey.generate().salt(sequence: 1, field: "personId"))
        let first = try EventLeaf.commit(sequence: 1, eventType: "t", fields: Self.fields, saltKey: key).leaf
        let second = try EventLeaf.commit(sequence: 1, eventType: "t", fields: Self.fields.reversed(), saltKey: key)
            .leaf
        #expect(first.bytes == second.bytes)
    }

    @Test(
        "a brute force over 10^4 ids, the real one among them, with every disclosed salt finds no person id: its digest needs its own secret salt"
    )
    func personIdNotTestable() throws {
        let key = FieldSaltKey.generate()
        let (leaf, disclosures) = try EventLeaf.commit(
            sequence: 5, eventType: "notification.recorded", fields: Self.fields, saltKey: key)
        let leaked = disclosures.filter { $0.name != "personId" && $0.name != "notes" }
        // The attacker knows the id format and every disclosed salt; try each disclosed salt
        // (and no salt) with every id: none matches a digest in the leaf. (10^5 ids per salt
        // keeps the test fast; the argument does not depend on the count.)
        var candidateSalts = leaked.map(\.salt)
        candidateSalts.append([UInt8](repeating: 0, count: 16))
        let digests = Set(leaf.fieldDigests)
        var hits = 0
        for salt in candidateSalts {
            for n in 0..<10_000 {
                let guess = try FieldDisclosure(
                    salt: salt, name: "personId", value: "P-10\(String(n).leftPadded(to: 4))")
                if digests.contains(guess.digest) { hits += 1 }
            }
        }
        #expect(hits == 0)
        // With the real salt (which a bundle never carries) the same search would find it.
        let realSalt = key.salt(sequence: 5, field: "personId")
        #expect(digests.contains(try FieldDisclosure(salt: realSalt, name: "personId", value: "P-104233").digest))
    }

    @Test("duplicate field names and malformed salts are refused")
    func malformedInputs() throws {
        let key = FieldSaltKey.generate()
        #expect(throws: EventLeafError.duplicateField(name: "a")) {
            try EventLeaf.commit(sequence: 1, eventType: "t", fields: [("a", "1"), ("a", "2")], saltKey: key)
        }
        #expect(throws: EventLeafError.self) { try FieldDisclosure(salt: [1, 2, 3], name: "a", value: "1") }
        #expect(throws: EventLeafError.self) { try EventLeaf(sequence: 0, eventType: "t", fieldDigests: []) }
        #expect(throws: EventLeafError.self) { try FieldSaltKey(bytes: [1]) }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
