import EventLog
import Foundation
import LMDBEventLog
import LMDBStorage
import Testing
import TransparencyLog

@Suite("Versioned leaves: v2 leaves commit to pseudonym slots from leafV2From on")
struct LeafVersionTests {
    let saltKey = try! FieldSaltKey(bytes: Array(repeating: 7, count: 32))
    let root = try! PseudonymRootKey(bytes: Array(repeating: 9, count: 32))

    /// Payloads naming people and incidents (or not), ASCII and not, split or kept whole.
    static let payloads = [
        #"{"category":"death","personId":"P000101"}"#, #"{"incidentId":"I-7","submittedBy":"S1"}"#,
        #"{"incidentId":"I-8","personId":"P000102"}"#, #"{"note":"Zoë visit","n":3}"#,
        #"{"personId":"Zoë","x":1}"#, #"{"personId":"P\"1"}"#, #"{"personId":7}"#, #"{"personId":""}"#,
        #"[1,2]"#, #"{"kind":"fall","occurredAt":"2020-01-01T09:00:00.000Z","personId":"P000103"}"#,
    ]
    static let streams = ["notification/N1", "incident/I-9", "person/P000101", "incident/I-10", "visit/V1"]

    /// Appends `count` events after the ones already in `store`, cycling payloads and streams.
    func append(_ store: LMDBEventStore, _ count: Int, from start: Int = 0) throws {
        for i in start..<(start + count) {
            try store.append([
                event(
                    Self.streams[i % Self.streams.count], i % 2 == 0 ? "NotificationSubmitted" : "IncidentRecorded",
                    at: 1_577_836_800_000 + Int64(i) * 61_001, payload: Self.payloads[i % Self.payloads.count])
            ])
        }
    }

    /// Every event's leaf hash computed by decoding it, each of the version its sequence calls for.
    func decodedLeaves(_ store: LMDBEventStore) throws -> [MerkleHash] {
        var leaves: [MerkleHash] = []
        try store.read(EventSelection()) {
            leaves.append(try store.leaf(of: $0, saltKey: saltKey, pseudonymRoot: root).leaf.leafHash)
        }
        return leaves
    }

    /// The names of the event's leaf fields at `sequence`.
    func fieldNames(_ store: LMDBEventStore, _ sequence: UInt64) throws -> Set<String> {
        var selection = EventSelection()
        selection.fromSequence = sequence
        selection.limit = 1
        let event = try #require(try store.events(selection).first)
        return Set(try store.leaf(of: event, saltKey: saltKey, pseudonymRoot: root).disclosures.map(\.name))
    }

    @Test("a new store's leaves are all v2; the stored-bytes leaves equal the decoded ones, slot fields and all")
    func newStoreHasV2LeavesFromTheFirstEvent() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path)
        try append(store, 40)
        #expect(try store.leafV2From() == nil)
        #expect(try store.extendTree(saltKey: saltKey, pseudonymRoot: root, chunk: 16) == 40)
        #expect(try store.leafV2From() == 1)
        #expect(try store.treeRoot(size: 40) == MerkleTree.rootHash(leafHashes: try decodedLeaves(store)))
        #expect(try store.firstTreeMismatch(saltKey: saltKey, pseudonymRoot: root) == nil)
        #expect(
            try store.firstTreeMismatch(saltKey: saltKey, pseudonymRoot: root, after: 0, blockLevel: 2, workers: 2)
                == nil)
        let slots = (0..<PseudonymRootKey.slotCount)
        let person = Set(slots.map { "pseudonym/\($0)" })
        let incident = Set(slots.map { "incident/\($0)" })
        // personId (event 1), incidentId (2), both (3), an incident stream alone (4, with non-ASCII
        // text: the decoding path), a person id that is not a plain string (6, 7, 8): none.
        #expect(try fieldNames(store, 1).isSuperset(of: person) && fieldNames(store, 1).isDisjoint(with: incident))
        #expect(try fieldNames(store, 2).isSuperset(of: incident) && fieldNames(store, 2).isDisjoint(with: person))
        #expect(try fieldNames(store, 3).isSuperset(of: person.union(incident)))
        #expect(try fieldNames(store, 4).isSuperset(of: incident) && fieldNames(store, 4).isDisjoint(with: person))
        #expect(try fieldNames(store, 5).isSuperset(of: person))
        for sequence: UInt64 in [6, 7, 8, 9] {
            #expect(try fieldNames(store, sequence).isDisjoint(with: person), "event \(sequence)")
        }
    }

    @Test("slot values are the recipients' references under each slot key, different for every slot")
    func slotValuesAreTheSlotKeysReferences() throws {
        var slots = PseudonymSlots(root: root)
        let fields = slots.fields(.person, id: "P000101")
        #expect(fields.map(\.name) == ["pseudonym/0", "pseudonym/1", "pseudonym/2", "pseudonym/3"])
        #expect(Set(fields.map(\.value)).count == PseudonymRootKey.slotCount)
        for (slot, field) in fields.enumerated() {
            let code = HMACReference.code(key: root.slotKey(slot), message: Array("person:P000101".utf8))
            #expect(field.value == "\"PSN-" + code + "\"")
        }
        let incident = slots.fields(.incident, id: "I-7")
        #expect(
            incident[2].value == "\"INC-"
                + HMACReference.code(key: root.slotKey(2), message: Array("incident:I-7".utf8)) + "\"")
        // Kept per id: asking again gives the same values.
        #expect(slots.fields(.person, id: "P000101").map(\.value) == fields.map(\.value))
    }

    @Test("a v1 tree extended with v2 leaves keeps its root and proofs and verifies across the boundary")
    func v1TreeExtendedWithV2Leaves() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try LMDBEventStore.create(at: path)
            try append(store, 30)
            #expect(try store.extendTree(saltKey: saltKey) == 30)
            #expect(try store.leafV2From() == nil)
            let oldRoot = try store.treeRoot(size: 30)
            try append(store, 27, from: 30)
            #expect(try store.extendTree(saltKey: saltKey, pseudonymRoot: root, chunk: 8) == 57)
            #expect(try store.leafV2From() == 31)
            #expect(try store.leafVersion(sequence: 30) == 1 && store.leafVersion(sequence: 31) == 2)
            // The old tree is untouched: same root, and the new tree extends it.
            #expect(try store.treeRoot(size: 30) == oldRoot)
            try MerkleTree.verifyConsistency(
                first: 30, second: 57, firstRoot: oldRoot, secondRoot: try store.treeRoot(size: 57),
                proof: try store.consistencyProof(from: 30, to: 57))
            #expect(try store.treeRoot(size: 57) == MerkleTree.rootHash(leafHashes: try decodedLeaves(store)))
            #expect(try fieldNames(store, 21).isDisjoint(with: ["pseudonym/0"]))
            #expect(try fieldNames(store, 31).contains("pseudonym/0"))
            for (level, workers) in [(40, 1), (2, 2), (3, 1), (4, 3)] {
                #expect(
                    try store.firstTreeMismatch(
                        saltKey: saltKey, pseudonymRoot: root, after: 0, blockLevel: level, workers: workers) == nil)
            }
            // The root key given again later changes nothing: leafV2From is set once.
            try append(store, 5, from: 57)
            #expect(try store.extendTree(saltKey: saltKey, pseudonymRoot: root) == 62)
            #expect(try store.leafV2From() == 31)
            #expect(try store.firstTreeMismatch(saltKey: saltKey, pseudonymRoot: root) == nil)
        }
        // An edit on either side of the boundary is named.
        for edited: UInt64 in [30, 31] {
            let copy = temporaryDirectory("copy-\(edited)")
            defer { cleanUp(copy) }
            try copyStore(path, to: copy)
            try corruptEvent(copy, edited)
            let store = try LMDBEventStore(path: copy)
            #expect(try store.firstTreeMismatch(saltKey: saltKey, pseudonymRoot: root) == edited)
            #expect(
                try store.firstTreeMismatch(saltKey: saltKey, pseudonymRoot: root, after: 0, blockLevel: 2, workers: 2)
                    == edited)
        }
    }

    @Test("a store with v2 leaves refuses to extend or check its tree without the pseudonym root key")
    func v2LeavesNeedTheRootKey() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path)
        try append(store, 6)
        try store.extendTree(saltKey: saltKey, pseudonymRoot: root)
        try append(store, 3, from: 6)
        #expect(throws: EventStoreError.self) { try store.extendTree(saltKey: saltKey) }
        #expect(throws: EventStoreError.self) { try store.firstTreeMismatch(saltKey: saltKey) }
        #expect(try store.treeSize() == 6)
        // Another root key gives other slot values: every v2 leaf is named, the first one first.
        let other = try PseudonymRootKey(bytes: Array(repeating: 1, count: 32))
        #expect(try store.firstTreeMismatch(saltKey: saltKey, pseudonymRoot: other) == 1)
    }

    /// Copies a store's files (the LMDB data and lock files).
    func copyStore(_ path: String, to copy: String) throws {
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            try FileManager.default.copyItem(atPath: path + "/" + name, toPath: copy + "/" + name)
        }
    }
}

/// HMAC-SHA256 written out from RFC 2104 over swift-crypto's SHA-256, independent of the code under test.
enum HMACReference {
    /// The first 16 hex digits of HMAC-SHA256(key, message), for a 32-byte key.
    static func code(key: [UInt8], message: [UInt8]) -> String {
        let block = key + [UInt8](repeating: 0, count: 64 - key.count)
        let inner = EventHash.sha256(of: block.map { $0 ^ 0x36 } + message)
        let outer = EventHash.sha256(of: block.map { $0 ^ 0x5c } + inner.bytes)
        return String(outer.hex.prefix(16))
    }
}
