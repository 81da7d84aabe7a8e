import EventLog
import LMDBEventLog
import LMDBStorage
import Testing
import TransparencyLog

@Suite("Merkle tree in the LMDB store")
struct MerkleTreeStoreTests {
    let saltKey = try! FieldSaltKey(bytes: Array(repeating: 7, count: 32))

    /// A store with `count` events over a few streams, the tree not yet built.
    func makeStore(_ path: String, count: Int) throws -> LMDBEventStore {
        let store = try LMDBEventStore.create(at: path, indexBatch: 5)
        for i in 0..<count {
            try store.append([event("person/P\(i % 4)", payload: #"{"note":"visit \#(i)","n":\#(i)}"#)])
        }
        return store
    }

    /// The leaf hashes of every event, computed in memory from the events.
    func expectedLeaves(_ store: LMDBEventStore) throws -> [MerkleHash] {
        var leaves: [MerkleHash] = []
        try store.read(EventSelection()) { leaves.append(try $0.leaf(saltKey: saltKey).leaf.leafHash) }
        return leaves
    }

    @Test("appends leave the tree alone; extendTree catches it up to the head with the RFC 9162 root of the leaves")
    func catchUpBuildsTheRoot() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try makeStore(path, count: 37)
        #expect(try store.treeSize() == 0)
        #expect(try store.extendTree(saltKey: saltKey, chunk: 10) == 37)
        let leaves = try expectedLeaves(store)
        #expect(try store.treeRoot(size: 37) == MerkleTree.rootHash(leafHashes: leaves))
        try store.append([event("person/P9")])
        #expect(try store.treeSize() == 37)
        #expect(try store.extendTree(saltKey: saltKey) == 38)
        #expect(try store.treeRoot(size: 38) == MerkleTree.rootHash(leafHashes: try expectedLeaves(store)))
        #expect(try store.treeRoot(size: 20) == MerkleTree.rootHash(leafHashes: leaves.prefix(20)))
    }

    @Test("the tree built in small chunks by several workers has the same nodes as one built leaf by leaf")
    func workersBuildTheSameTree() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try makeStore(path, count: 53)
        #expect(try store.extendTree(saltKey: saltKey, chunk: 19, workers: 3) == 53)
        let leaves = try expectedLeaves(store)
        for size in [UInt64(1), 7, 19, 32, 38, 53] {
            #expect(try store.treeRoot(size: size) == MerkleTree.rootHash(leafHashes: leaves.prefix(Int(size))))
        }
        #expect(try store.firstTreeMismatch(saltKey: saltKey) == nil)
        for i in 0..<5 { try store.append([event("person/P\(i)")]) }
        #expect(try store.extendTree(saltKey: saltKey, chunk: 2, workers: 4) == 58)
        #expect(try store.treeRoot(size: 58) == MerkleTree.rootHash(leafHashes: try expectedLeaves(store)))
    }

    @Test("inclusion and consistency proofs from the stored tree verify for every size")
    func proofsVerify() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try makeStore(path, count: 23)
        try store.extendTree(saltKey: saltKey)
        let leaves = try expectedLeaves(store)
        for size in UInt64(1)...23 {
            let root = MerkleTree.rootHash(leafHashes: leaves.prefix(Int(size)))
            for sequence in UInt64(1)...size {
                let proof = try store.inclusionProof(sequence: sequence, size: size)
                try MerkleTree.verifyInclusion(
                    leafHash: leaves[Int(sequence - 1)], index: sequence - 1, size: size, proof: proof, rootHash: root)
            }
            for first in UInt64(1)...size {
                let proof = try store.consistencyProof(from: first, to: size)
                try MerkleTree.verifyConsistency(
                    first: first, second: size, firstRoot: try store.treeRoot(size: first), secondRoot: root,
                    proof: proof)
            }
        }
    }

    @Test("an event edited in the store after the tree covered it is named by its sequence number")
    func editedEventIsFound() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try makeStore(path, count: 30)
            try store.extendTree(saltKey: saltKey)
            #expect(try store.firstTreeMismatch(saltKey: saltKey) == nil)
        }
        try withRawEnvironment(path) { env, dbs in
            let key: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 17]
            try env.write { txn in
                let events = try #require(dbs["events"])
                let stored = try txn.get(events, key: key)
                var value = Array(try #require(stored))
                value[value.count - 40] ^= 0x01  // a payload byte, just before the chain hash
                try txn.put(events, key: key, value: value)
            }
        }
        let store = try LMDBEventStore(path: path)
        #expect(try store.firstTreeMismatch(saltKey: saltKey) == 17)
        #expect(try store.firstTreeMismatch(saltKey: saltKey, after: 20) == nil)
        let otherKey = try FieldSaltKey(bytes: Array(repeating: 8, count: 32))
        #expect(try store.firstTreeMismatch(saltKey: otherKey, after: 25) == 26)
    }

    @Test("rebuildTree recomputes the tree from the events with another key")
    func rebuildReplacesTheTree() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try makeStore(path, count: 12)
        try store.extendTree(saltKey: saltKey)
        let otherKey = try FieldSaltKey(bytes: Array(repeating: 9, count: 32))
        #expect(try store.firstTreeMismatch(saltKey: otherKey) == 1)
        #expect(try store.rebuildTree(saltKey: otherKey) == 12)
        #expect(try store.firstTreeMismatch(saltKey: otherKey) == nil)
    }

    @Test("a read-only store without a tree reports size 0 and refuses to build one")
    func readOnlyWithoutTree() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try makeStore(path, count: 3)
        var options = LMDBEventStore.Options()
        options.readOnly = true
        let store = try LMDBEventStore(path: path, options: options)
        #expect(try store.merkleHashStore().treeSize == 0)
        #expect(throws: EventStoreError.readOnly) { try store.extendTree(saltKey: saltKey) }
    }

    @Test("a leaf commits to each envelope field and each top-level payload member separately")
    func leafFieldsSplitThePayload() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path)
        try store.append([event("person/P1", payload: #"{"a":1,"b":{"c":[1,"x,}"]},"d":"q\"r","e":null}"#)])
        try store.append([event("person/P1", payload: #"[1,2]"#)])
        var fields: [[(name: String, value: String)]] = []
        try store.read(EventSelection()) { fields.append($0.leafFields) }
        let first = Dictionary(uniqueKeysWithValues: fields[0].map { ($0.name, $0.value) })
        #expect(first["payload.a"] == "1")
        #expect(first["payload.b"] == #"{"c":[1,"x,}"]}"#)
        #expect(first["payload.d"] == #""q\"r""#)
        #expect(first["payload.e"] == "null")
        #expect(first["stream"] == "person/P1")
        #expect(fields[1].last?.name == "payload")
        #expect(fields[1].last?.value == "[1,2]")
    }

    @Test("a growing tree closes its nodes in post-order, the order of their storage keys")
    func nodesAreClosedInKeyOrder() throws {
        var frontier = MerkleFrontier()
        var positions: [UInt64] = []
        for n in 0..<300 {
            let leaf = MerkleHash.leaf(Array(String(n).utf8))
            frontier.append(leafHash: leaf) { positions.append(TreeLayout.position(level: $0.level, index: $0.index)) }
        }
        #expect(positions == Array(0..<UInt64(positions.count)))
    }
}
