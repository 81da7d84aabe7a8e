import EventLog
import LMDBEventLog
import LMDBStorage
import Testing
import TransparencyLog

@Suite("Checking the stored Merkle tree against the events")
struct TreeCheckTests {
    let saltKey = try! FieldSaltKey(bytes: Array(repeating: 7, count: 32))

    /// Payloads of every shape the leaf splits or keeps whole, ASCII and not.
    static let payloads = [
        #"{"note":"visit","n":3}"#, "{}", #"{"a":{"b":[1,{"c":"}"}]},"d":"x\"y","e":null,"f":-1.5e3}"#,
        #"[1,2,3]"#, #""just a string""#, #"{"name":"Zoë Ó Briain","n":1}"#, #"{"é":1,"é":2}"#,
        #"{"a\u0041":1}"#, #"{ "spaced" : true , "t" : false }"#, #"{"a":1,"a":2}"#, "not json", #"{"x":"\u00e9"}"#,
    ]

    /// A store of `count` events cycling through ``payloads``, with optional ids on some.
    func makeStore(_ path: String, count: Int) throws -> LMDBEventStore {
        let store = try LMDBEventStore.create(at: path, indexBatch: 7)
        for i in 0..<count {
            var proposed = event(
                "person/P\(i % 5)", i % 3 == 0 ? "NoteRecorded" : "VisitLogged",
                at: 1_577_836_800_000 + Int64(i) * 61_001,
                payload: Self.payloads[i % Self.payloads.count])
            if i % 4 == 1 { proposed.correlationID = "corr-\(i)" }
            if i % 6 == 2 { proposed.causationID = "cause-\(i)" }
            if i % 9 == 4 { proposed.actor = "staff/Åsa" }
            try store.append([proposed])
        }
        return store
    }

    /// The leaf hashes computed by decoding each event (the reference path).
    func decodedLeaves(_ store: LMDBEventStore) throws -> [MerkleHash] {
        var leaves: [MerkleHash] = []
        try store.read(EventSelection()) { leaves.append(try $0.leaf(saltKey: saltKey).leaf.leafHash) }
        return leaves
    }

    @Test("the tree built from the stored bytes has the root of the leaves computed from decoded events")
    func byteLevelLeavesMatchDecodedLeaves() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try makeStore(path, count: 50)
        #expect(try store.extendTree(saltKey: saltKey, chunk: 16) == 50)
        let leaves = try decodedLeaves(store)
        for size in [1, 12, 33, 50] {
            #expect(try store.treeRoot(size: UInt64(size)) == MerkleTree.rootHash(leafHashes: leaves.prefix(size)))
        }
        #expect(try store.firstTreeMismatch(saltKey: saltKey) == nil)
    }

    @Test("the block-parallel check names the same first event as the leaf-by-leaf check, wherever the edit is")
    func blockCheckAgreesWithLeafCheck() throws {
        for edited: UInt64 in [1, 4, 5, 16, 17, 31, 32, 33, 45] {
            let path = temporaryDirectory()
            defer { cleanUp(path) }
            do {
                let store = try makeStore(path, count: 45)
                try store.extendTree(saltKey: saltKey)
            }
            try corruptEvent(path, edited)
            let store = try LMDBEventStore(path: path)
            let leafByLeaf = try store.firstTreeMismatch(saltKey: saltKey, after: 0, blockLevel: 40, workers: 1)
            #expect(leafByLeaf == edited)
            for (level, workers) in [(1, 1), (2, 2), (3, 3), (4, 2)] {
                #expect(
                    try store.firstTreeMismatch(saltKey: saltKey, after: 0, blockLevel: level, workers: workers)
                        == edited,
                    "block level \(level), \(workers) workers")
            }
            for after: UInt64 in [3, 8, edited - 1, edited] {
                let expected = after < edited ? edited : nil
                #expect(
                    try store.firstTreeMismatch(saltKey: saltKey, after: after, blockLevel: 2, workers: 2) == expected)
                #expect(
                    try store.firstTreeMismatch(saltKey: saltKey, after: after, blockLevel: 40, workers: 1) == expected)
            }
        }
    }

    @Test("an interior node changed in the tree is named by the event that closed it, under blocks and above them")
    func changedNodeIsFound() throws {
        // Node (level, index) is closed by the event at sequence (index + 1) << level.
        for (level, index) in [(1, 3), (2, 2), (3, 1), (4, 1), (5, 0)] {
            let path = temporaryDirectory()
            defer { cleanUp(path) }
            do {
                let store = try makeStore(path, count: 70)
                try store.extendTree(saltKey: saltKey)
            }
            let env = try Environment(path: path)
            let tree = try #require(try env.openDatabases(named: ["merkle"], create: false).first)
            let key = withUnsafeBytes(of: TreeLayout.position(level: level, index: UInt64(index)).bigEndian) {
                Array($0)
            }
            try env.write { txn in
                var value = Array(try #require(try txn.get(tree, key: key)))
                value[0] ^= 0x80
                try txn.put(tree, key: key, value: value)
            }
            let store = try LMDBEventStore(path: path)
            let closedBy = UInt64(index + 1) << UInt64(level)
            for (blockLevel, workers) in [(40, 1), (2, 2), (3, 1)] {
                #expect(
                    try store.firstTreeMismatch(saltKey: saltKey, after: 0, blockLevel: blockLevel, workers: workers)
                        == closedBy, "node (\(level), \(index)), block level \(blockLevel)")
            }
        }
    }

    @Test("another salt key disagrees at the first event checked, by blocks too")
    func otherKeyDisagrees() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try makeStore(path, count: 20)
        try store.extendTree(saltKey: saltKey)
        let otherKey = try FieldSaltKey(bytes: Array(repeating: 8, count: 32))
        #expect(try store.firstTreeMismatch(saltKey: otherKey, after: 0, blockLevel: 2, workers: 2) == 1)
        #expect(try store.firstTreeMismatch(saltKey: otherKey, after: 9, blockLevel: 2, workers: 2) == 10)
        #expect(try store.firstTreeMismatch(saltKey: saltKey, after: 0, blockLevel: 2, workers: 2) == nil)
    }
}
