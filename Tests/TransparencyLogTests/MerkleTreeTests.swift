import Testing
import TransparencyLog

/// The published RFC 6962 test tree (transparency-dev/merkle `testonly/constants.go`,
/// `proof/verify_test.go`; the same vectors as the Certificate Transparency C++ and Python code).
enum RFC6962Vectors {
    static let leaves: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ]
    .map(bytes(hex:))

    /// Roots for sizes 0…8.
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(hash(hex:))

    /// Complete subtree hashes of the 8-leaf tree, by level then index.
    static let nodes: [[MerkleHash]] = [
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
        ],
        [
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        ],
        [
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
        ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
    ].map { $0.map(hash(hex:)) }

    /// (leaf index, tree size, audit path).
    static let inclusion: [(UInt64, UInt64, [MerkleHash])] = [
        (0, 1, []),
        (
            0, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ].map(hash(hex:))
        ),
        (
            5, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ].map(hash(hex:))
        ),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"].map(hash(hex:))),
        (
            1, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ].map(hash(hex:))
        ),
    ]

    /// (first size, second size, consistency proof).
    static let consistency: [(UInt64, UInt64, [MerkleHash])] = [
        (1, 1, []),
        (
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ].map(hash(hex:))
        ),
        (
            6, 8,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ].map(hash(hex:))
        ),
        (
            2, 5,
            [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ].map(hash(hex:))
        ),
        (
            6, 7,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ].map(hash(hex:))
        ),
    ]

    static func store() -> InMemoryMerkleHashStore {
        InMemoryMerkleHashStore(leafHashes: leaves.map { MerkleHash.leaf($0) })
    }
}

@Suite("RFC 9162 Merkle tree")
struct MerkleTreeTests {
    @Test(
        "roots of the published 8-leaf tree match for every size 0…8, from the store, the frontier and the definition")
    func publishedRoots() throws {
        let store = RFC6962Vectors.store()
        var frontier = MerkleFrontier()
        #expect(frontier.rootHash == RFC6962Vectors.roots[0])
        for size in 0...8 {
            let leafHashes = RFC6962Vectors.leaves.prefix(size).map { MerkleHash.leaf($0) }
            #expect(try MerkleTree.rootHash(size: UInt64(size), store: store) == RFC6962Vectors.roots[size])
            #expect(MerkleTree.rootHash(leafHashes: leafHashes) == RFC6962Vectors.roots[size])
            if size > 0 {
                frontier.append(leafHash: .leaf(RFC6962Vectors.leaves[size - 1]))
                #expect(frontier.rootHash == RFC6962Vectors.roots[size])
            }
        }
    }

    @Test("the store holds the published complete-subtree hashes at (level, index)")
    func publishedNodes() throws {
        let store = RFC6962Vectors.store()
        for (level, hashes) in RFC6962Vectors.nodes.enumerated() {
            for (index, expected) in hashes.enumerated() {
                #expect(try store.hash(level: level, index: UInt64(index)) == expected)
            }
        }
        #expect(throws: MerkleTreeError.missingNode(level: 3, index: 1)) { try store.hash(level: 3, index: 1) }
    }

    @Test("inclusion proofs equal the published audit paths and verify")
    func publishedInclusionProofs() throws {
        let store = RFC6962Vectors.store()
        for (index, size, expected) in RFC6962Vectors.inclusion {
            let proof = try MerkleTree.inclusionProof(index: index, size: size, store: store)
            #expect(proof == expected, "leaf \(index) of \(size)")
            try MerkleTree.verifyInclusion(
                leafHash: .leaf(RFC6962Vectors.leaves[Int(index)]), index: index, size: size, proof: expected,
                rootHash: RFC6962Vectors.roots[Int(size)])
        }
    }

    @Test("consistency proofs equal the published ones and verify")
    func publishedConsistencyProofs() throws {
        let store = RFC6962Vectors.store()
        for (first, second, expected) in RFC6962Vectors.consistency {
            let proof = try MerkleTree.consistencyProof(from: first, to: second, store: store)
            #expect(proof == expected, "\(first) → \(second)")
            try MerkleTree.verifyConsistency(
                first: first, second: second, firstRoot: RFC6962Vectors.roots[Int(first)],
                secondRoot: RFC6962Vectors.roots[Int(second)], proof: expected)
        }
    }

    @Test("appending a leaf closes the complete subtrees the published node table lists, in O(log n) nodes")
    func frontierClosesSubtrees() {
        var frontier = MerkleFrontier()
        var closed: [[MerkleFrontier.Node]] = []
        for leaf in RFC6962Vectors.leaves { closed.append(frontier.append(leafHash: .leaf(leaf))) }
        #expect(closed.map(\.count) == [1, 2, 1, 3, 1, 2, 1, 4])
        for node in closed.joined() {
            #expect(RFC6962Vectors.nodes[node.level][Int(node.index)] == node.hash)
        }
        #expect(frontier.peakLevels == [3])
    }

    @Test("every proof of every tree up to 300 leaves matches the RFC's recursive definition and verifies")
    func allSmallTrees() throws {
        let maxSize = 300
        let leafHashes = (0..<maxSize).map { MerkleHash.leaf(bytes(of: UInt64($0))) }
        let store = InMemoryMerkleHashStore(leafHashes: leafHashes)
        let reference = ReferenceProofs(leaves: leafHashes)
        let roots = (0...maxSize).map { reference.mth(0..<$0) }
        // The reference's MTH agrees with the module's own definition-based root on every size.
        for size in [0, 1, 2, 3, 7, 8, 9, 100, 255, 256, 257, maxSize] {
            #expect(MerkleTree.rootHash(leafHashes: leafHashes.prefix(size)) == roots[size])
        }
        for size in 1...maxSize {
            let n = UInt64(size)
            #expect(try MerkleTree.rootHash(size: n, store: store) == roots[size])
            #expect(try MerkleFrontier(store: store, size: n).rootHash == roots[size])
            for index in 0..<size {
                let proof = try MerkleTree.inclusionProof(index: UInt64(index), size: n, store: store)
                #expect(proof == reference.path(index, 0..<size))
                try MerkleTree.verifyInclusion(
                    leafHash: leafHashes[index], index: UInt64(index), size: n, proof: proof, rootHash: roots[size])
            }
            for first in 1...size {
                let proof = try MerkleTree.consistencyProof(from: UInt64(first), to: n, store: store)
                #expect(proof == reference.consistency(first, size))
                try MerkleTree.verifyConsistency(
                    first: UInt64(first), second: n, firstRoot: roots[first], secondRoot: roots[size], proof: proof)
            }
        }
    }

    @Test("a root or a proof reads at most 2·⌈log2 n⌉ + 1 stored nodes")
    func proofsReadFewNodes() throws {
        let store = CountingStore(
            InMemoryMerkleHashStore(leafHashes: (0..<300).map { MerkleHash.leaf(bytes(of: UInt64($0))) }))
        for size in 1...300 as ClosedRange<UInt64> {
            let bound = 2 * (64 - (size - 1).leadingZeroBitCount) + 1
            _ = try MerkleTree.rootHash(size: size, store: store)
            #expect(store.takeReads() <= bound, "root of \(size)")
            for index in stride(from: 0, to: size, by: 7) {
                _ = try MerkleTree.inclusionProof(index: index, size: size, store: store)
                #expect(store.takeReads() <= bound, "inclusion of \(index) in \(size)")
                _ = try MerkleTree.consistencyProof(from: index + 1, to: size, store: store)
                #expect(store.takeReads() <= bound, "consistency \(index + 1) → \(size)")
            }
        }
    }

    @Test("every tampered inclusion proof is rejected (the corruptions of transparency-dev/merkle's tests)")
    func tamperedInclusionProofs() throws {
        let store = InMemoryMerkleHashStore(leafHashes: (0..<300).map { MerkleHash.leaf(bytes(of: UInt64($0))) })
        let some = try #require(MerkleHash(hex: "abacaba000000000000000000000000000000000000000000060061e00123456"))
        for (index, size) in [(0, 1), (0, 8), (5, 8), (2, 3), (1, 5), (7, 300), (299, 300), (128, 257)]
            as [(UInt64, UInt64)]
        {
            let leaf = try store.hash(level: 0, index: index)
            let root = try MerkleTree.rootHash(size: size, store: store)
            let proof = try MerkleTree.inclusionProof(index: index, size: size, store: store)
            try MerkleTree.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, rootHash: root)
            var probes: [(UInt64, UInt64, MerkleHash, MerkleHash, [MerkleHash], String)] = [
                (index &- 1, size, leaf, root, proof, "index - 1"),
                (index + 1, size, leaf, root, proof, "index + 1"),
                (index ^ 2, size, leaf, root, proof, "index ^ 2"),
                (index, size * 2, leaf, root, proof, "size * 2"),
                (index, size / 2, leaf, root, proof, "size / 2"),
                (index, size, .leaf(Array("WrongLeaf".utf8)), root, proof, "wrong leaf"),
                (index, size, leaf, .emptyTree, proof, "empty root"),
                (index, size, leaf, some, proof, "random root"),
                (index, size, leaf, root, proof + [root], "trailing root"),
                (index, size, leaf, root, [root] + proof, "preceding root"),
            ]
            for i in proof.indices {
                var flipped = proof
                var b = flipped[i].bytes
                b[0] ^= 8
                flipped[i] = try #require(MerkleHash(bytes: b))
                probes.append((index, size, leaf, root, flipped, "bit flipped in proof[\(i)]"))
            }
            if !proof.isEmpty { probes.append((index, size, leaf, root, Array(proof.dropLast()), "removed hash")) }
            if proof.count > 1 {
                probes.append((index, size, leaf, root, [proof[0], some] + proof.dropFirst(), "inserted hash"))
            }
            for (i, n, l, r, p, what) in probes {
                #expect(throws: MerkleTreeError.self, "\(what) for leaf \(index) of \(size)") {
                    try MerkleTree.verifyInclusion(leafHash: l, index: i, size: n, proof: p, rootHash: r)
                }
            }
        }
    }

    @Test("every tampered consistency proof is rejected, and a fork at the same size is named")
    func tamperedConsistencyProofs() throws {
        let store = InMemoryMerkleHashStore(leafHashes: (0..<300).map { MerkleHash.leaf(bytes(of: UInt64($0))) })
        for (first, second) in [(1, 8), (6, 8), (2, 5), (6, 7), (3, 300), (256, 300), (255, 257)] as [(UInt64, UInt64)]
        {
            let r1 = try MerkleTree.rootHash(size: first, store: store)
            let r2 = try MerkleTree.rootHash(size: second, store: store)
            let proof = try MerkleTree.consistencyProof(from: first, to: second, store: store)
            try MerkleTree.verifyConsistency(first: first, second: second, firstRoot: r1, secondRoot: r2, proof: proof)
            let wrong = MerkleHash.leaf(Array("WrongRoot".utf8))
            var probes: [(UInt64, UInt64, MerkleHash, MerkleHash, [MerkleHash], String)] = [
                (first - 1, second, r1, r2, proof, "first - 1"),
                (first + 1, second, r1, r2, proof, "first + 1"),
                (first ^ 2, second, r1, r2, proof, "first ^ 2"),
                (first, second * 2, r1, r2, proof, "second * 2"),
                (first, second / 2, r1, r2, proof, "second / 2"),
                (first, second, wrong, r2, proof, "wrong first root"),
                (first, second, r1, wrong, proof, "wrong second root"),
                (first, second, r2, r1, proof, "swapped roots"),
                (first, second, r1, r2, [], "empty proof"),
                (first, second, r1, r2, proof + [r1], "trailing first root"),
                (first, second, r1, r2, proof + [r2], "trailing second root"),
                (first, second, r1, r2, [r1] + proof, "preceding first root"),
                (first, second, r1, r2, [r2] + proof, "preceding second root"),
                (first, second, r1, r2, [proof[0]] + proof, "preceding proof[0]"),
                (first, second, r1, r2, Array(proof.dropLast()), "truncated proof"),
            ]
            for i in proof.indices {
                var flipped = proof
                var b = flipped[i].bytes
                b[0] ^= 16
                flipped[i] = try #require(MerkleHash(bytes: b))
                probes.append((first, second, r1, r2, flipped, "bit flipped in proof[\(i)]"))
            }
            for (m, n, a, b, p, what) in probes where m <= n {
                #expect(throws: MerkleTreeError.self, "\(what) for \(first) → \(second)") {
                    try MerkleTree.verifyConsistency(first: m, second: n, firstRoot: a, secondRoot: b, proof: p)
                }
            }
        }
        let root8 = try MerkleTree.rootHash(size: 8, store: store)
        #expect(
            throws: MerkleTreeError.consistencyProofFailed(
                first: 8, second: 8, reason: "the two root hashes differ for the same size (a fork)")
        ) {
            try MerkleTree.verifyConsistency(first: 8, second: 8, firstRoot: root8, secondRoot: .emptyTree, proof: [])
        }
        #expect(throws: MerkleTreeError.sizesOutOfOrder(first: 9, second: 8)) {
            try MerkleTree.verifyConsistency(first: 9, second: 8, firstRoot: root8, secondRoot: root8, proof: [])
        }
    }

    @Test("proofs at random sizes up to a million leaves verify against roots the frontier saw while the tree grew")
    func millionLeafTree() throws {
        let total: UInt64 = 1 << 20
        var generator = SplitMix64(seed: 0x5EED)
        var checkSizes = Set((0..<6).map { _ in generator.next() % total + 1 })
        checkSizes.insert(total)
        checkSizes.insert(total - 1)
        var store = InMemoryMerkleHashStore()
        var roots: [UInt64: MerkleHash] = [:]
        for i in 0..<total {
            store.append(leafHash: syntheticLeafHash(i))
            if checkSizes.contains(i + 1) { roots[i + 1] = store.rootHash }
        }
        let sizes = checkSizes.sorted()
        for (position, size) in sizes.enumerated() {
            let root = try #require(roots[size])
            #expect(try MerkleTree.rootHash(size: size, store: store) == root)
            for _ in 0..<4 {
                let index = generator.next() % size
                let proof = try MerkleTree.inclusionProof(index: index, size: size, store: store)
                #expect(proof.count <= 20)
                try MerkleTree.verifyInclusion(
                    leafHash: syntheticLeafHash(index), index: index, size: size, proof: proof, rootHash: root)
            }
            for earlier in sizes.prefix(position) {
                let proof = try MerkleTree.consistencyProof(from: earlier, to: size, store: store)
                try MerkleTree.verifyConsistency(
                    first: earlier, second: size, firstRoot: try #require(roots[earlier]), secondRoot: root,
                    proof: proof)
            }
        }
    }

    @Test("a size beyond the stored tree or a leaf outside it is refused with sizes in the message")
    func outOfRange() {
        let store = RFC6962Vectors.store()
        #expect(throws: MerkleTreeError.sizeBeyondTree(size: 9, treeSize: 8)) {
            try MerkleTree.rootHash(size: 9, store: store)
        }
        #expect(throws: MerkleTreeError.indexOutOfRange(index: 8, treeSize: 8)) {
            try MerkleTree.inclusionProof(index: 8, size: 8, store: store)
        }
        #expect(throws: MerkleTreeError.sizesOutOfOrder(first: 5, second: 4)) {
            try MerkleTree.consistencyProof(from: 5, to: 4, store: store)
        }
        #expect(MerkleTreeError.indexOutOfRange(index: 8, treeSize: 8).description.contains("leaf index 8"))
    }
}

/// Counts the nodes a computation reads.
final class CountingStore: MerkleHashStore {
    private let base: InMemoryMerkleHashStore
    private var reads = 0

    init(_ base: InMemoryMerkleHashStore) { self.base = base }

    var treeSize: UInt64 { base.treeSize }

    func hash(level: Int, index: UInt64) throws -> MerkleHash {
        reads += 1
        return try base.hash(level: level, index: index)
    }

    /// The reads since the last call.
    func takeReads() -> Int {
        defer { reads = 0 }
        return reads
    }
}

/// A distinct 32-byte leaf hash for leaf `i` without hashing (the big tree spends its time on
/// the interior nodes the code under test computes).
func syntheticLeafHash(_ i: UInt64) -> MerkleHash {
    var raw = [UInt8](repeating: 0x5A, count: 32)
    for k in 0..<8 {
        raw[k] = UInt8(truncatingIfNeeded: i >> UInt64(8 * k))
        raw[8 + k] = ~raw[k]
    }
    guard let hash = MerkleHash(bytes: raw) else { preconditionFailure("32 bytes") }
    return hash
}

/// RFC 9162 §2.1.3.1 PATH and §2.1.4.1 PROOF written straight from the text over a leaf array,
/// as a second implementation to compare the store-based generator against. MTH(D[a:b]) is the
/// same in every tree that holds leaves a..<b, so it is computed once per range.
final class ReferenceProofs {
    private let leaves: [MerkleHash]
    private var memo: [Range<Int>: MerkleHash] = [:]

    init(leaves: [MerkleHash]) { self.leaves = leaves }

    /// MTH(D[range]) by the definition (§2.1.1).
    func mth(_ range: Range<Int>) -> MerkleHash {
        if let known = memo[range] { return known }
        let result: MerkleHash
        switch range.count {
        case 0: result = .emptyTree
        case 1: result = leaves[range.lowerBound]
        default:
            let k = Self.largestPowerOfTwo(below: range.count)
            result = .node(mth(range.lowerBound..<range.lowerBound + k), mth(range.lowerBound + k..<range.upperBound))
        }
        memo[range] = result
        return result
    }

    /// PATH(m, D[range]).
    func path(_ m: Int, _ range: Range<Int>) -> [MerkleHash] {
        guard range.count > 1 else { return [] }
        let k = Self.largestPowerOfTwo(below: range.count)
        let split = range.lowerBound + k
        if m < k { return path(m, range.lowerBound..<split) + [mth(split..<range.upperBound)] }
        return path(m - k, split..<range.upperBound) + [mth(range.lowerBound..<split)]
    }

    /// PROOF(m, D[0:n]).
    func consistency(_ m: Int, _ n: Int) -> [MerkleHash] {
        guard m > 0, m < n else { return [] }
        return subproof(m, 0..<n, true)
    }

    private func subproof(_ m: Int, _ range: Range<Int>, _ b: Bool) -> [MerkleHash] {
        if m == range.count { return b ? [] : [mth(range)] }
        let k = Self.largestPowerOfTwo(below: range.count)
        let split = range.lowerBound + k
        if m <= k { return subproof(m, range.lowerBound..<split, b) + [mth(split..<range.upperBound)] }
        return subproof(m - k, split..<range.upperBound, false) + [mth(range.lowerBound..<split)]
    }

    private static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }
}
