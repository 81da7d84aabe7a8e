/// RFC 9162 §2.1 over a ``MerkleHashStore``: roots of any size, inclusion and consistency
/// proofs (generation reads O(log n) stored nodes, never leaves), and their verification exactly
/// as §2.1.3.2 and §2.1.4.2 specify.
public enum MerkleTree {
    // MARK: Roots

    /// MTH of the first `size` leaves held by `store` (any size up to the store's).
    public static func rootHash(size: UInt64, store: some MerkleHashStore) throws -> MerkleHash {
        guard size <= store.treeSize else { throw MerkleTreeError.sizeBeyondTree(size: size, treeSize: store.treeSize) }
        guard size > 0 else { return .emptyTree }
        return try rangeHash(begin: 0, end: size, store: store)
    }

    /// MTH straight from the definition, over leaf hashes in memory (RFC 9162 §2.1.1). For
    /// small trees and tests; proofs use a store.
    public static func rootHash(leafHashes: some Collection<MerkleHash>) -> MerkleHash {
        let leaves = Array(leafHashes)
        guard !leaves.isEmpty else { return .emptyTree }
        return definitionHash(leaves[...])
    }

    private static func definitionHash(_ leaves: ArraySlice<MerkleHash>) -> MerkleHash {
        if leaves.count == 1, let only = leaves.first { return only }
        let k = largestPowerOfTwo(below: UInt64(leaves.count))
        let split = leaves.startIndex + Int(k)
        return .node(definitionHash(leaves[..<split]), definitionHash(leaves[split...]))
    }

    /// The hash of leaves `begin ..< end` as the RFC recursion meets them: `begin` is aligned to
    /// the largest power of two below the range's length, so the left part is always a stored node.
    private static func rangeHash(begin: UInt64, end: UInt64, store: some MerkleHashStore) throws -> MerkleHash {
        let count = end - begin
        if count & (count - 1) == 0, begin % count == 0 {
            return try store.hash(level: count.trailingZeroBitCount, index: begin / count)
        }
        let k = largestPowerOfTwo(below: count)
        return .node(
            try rangeHash(begin: begin, end: begin + k, store: store),
            try rangeHash(begin: begin + k, end: end, store: store))
    }

    /// The largest power of two strictly smaller than `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        precondition(n >= 2)
        return 1 << UInt64(63 - (n - 1).leadingZeroBitCount)
    }

    // MARK: Inclusion proofs (RFC 9162 §2.1.3)

    /// PATH(index, D[size]): the audit path of leaf `index` in the tree of `size` leaves,
    /// nearest sibling first.
    public static func inclusionProof(index: UInt64, size: UInt64, store: some MerkleHashStore) throws -> [MerkleHash] {
        guard size <= store.treeSize else { throw MerkleTreeError.sizeBeyondTree(size: size, treeSize: store.treeSize) }
        guard index < size else { throw MerkleTreeError.indexOutOfRange(index: index, treeSize: size) }
        var path: [MerkleHash] = []
        try auditPath(index: index, begin: 0, end: size, store: store, into: &path)
        return path
    }

    private static func auditPath(
        index: UInt64, begin: UInt64, end: UInt64, store: some MerkleHashStore, into path: inout [MerkleHash]
    ) throws {
        let n = end - begin
        guard n > 1 else { return }
        let k = largestPowerOfTwo(below: n)
        if index - begin < k {
            try auditPath(index: index, begin: begin, end: begin + k, store: store, into: &path)
            path.append(try rangeHash(begin: begin + k, end: end, store: store))
        } else {
            try auditPath(index: index, begin: begin + k, end: end, store: store, into: &path)
            path.append(try rangeHash(begin: begin, end: begin + k, store: store))
        }
    }

    /// Checks an inclusion proof (RFC 9162 §2.1.3.2): that the leaf with `leafHash` is leaf
    /// `index` of the tree of `size` leaves whose root is `rootHash`.
    public static func verifyInclusion(
        leafHash: MerkleHash, index: UInt64, size: UInt64, proof: [MerkleHash], rootHash: MerkleHash
    ) throws(MerkleTreeError) {
        let computed = try self.rootFromInclusionProof(leafHash: leafHash, index: index, size: size, proof: proof)
        guard computed == rootHash else {
            throw .inclusionProofFailed(index: index, treeSize: size, reason: "it leads to a different root hash")
        }
    }

    /// The root an inclusion proof leads to (steps 1–5 of RFC 9162 §2.1.3.2 without the final
    /// comparison).
    public static func rootFromInclusionProof(
        leafHash: MerkleHash, index: UInt64, size: UInt64, proof: [MerkleHash]
    ) throws(MerkleTreeError) -> MerkleHash {
        guard index < size else { throw .indexOutOfRange(index: index, treeSize: size) }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else {
                throw .inclusionProofFailed(
                    index: index, treeSize: size, reason: "it has more hashes than the tree is deep")
            }
            if fn & 1 == 1 || fn == sn {
                r = .node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = .node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else {
            throw .inclusionProofFailed(
                index: index, treeSize: size, reason: "it has fewer hashes than the tree is deep")
        }
        return r
    }

    // MARK: Consistency proofs (RFC 9162 §2.1.4)

    /// PROOF(first, D[second]): shows the tree of `first` leaves is a prefix of the tree of
    /// `second` leaves. Empty when `first` is 0 or equals `second`.
    public static func consistencyProof(from first: UInt64, to second: UInt64, store: some MerkleHashStore) throws
        -> [MerkleHash]
    {
        guard second <= store.treeSize else {
            throw MerkleTreeError.sizeBeyondTree(size: second, treeSize: store.treeSize)
        }
        guard first <= second else { throw MerkleTreeError.sizesOutOfOrder(first: first, second: second) }
        guard first > 0, first < second else { return [] }
        var proof: [MerkleHash] = []
        try subproof(m: first, begin: 0, end: second, complete: true, store: store, into: &proof)
        return proof
    }

    /// SUBPROOF(m, D[begin..<end], b) of RFC 9162 §2.1.4.1, with `m` counted from `begin`.
    private static func subproof(
        m: UInt64, begin: UInt64, end: UInt64, complete: Bool, store: some MerkleHashStore,
        into proof: inout [MerkleHash]
    ) throws {
        let n = end - begin
        if m == n {
            if !complete { proof.append(try rangeHash(begin: begin, end: end, store: store)) }
            return
        }
        let k = largestPowerOfTwo(below: n)
        if m <= k {
            try subproof(m: m, begin: begin, end: begin + k, complete: complete, store: store, into: &proof)
            proof.append(try rangeHash(begin: begin + k, end: end, store: store))
        } else {
            try subproof(m: m - k, begin: begin + k, end: end, complete: false, store: store, into: &proof)
            proof.append(try rangeHash(begin: begin, end: begin + k, store: store))
        }
    }

    /// Checks a consistency proof (RFC 9162 §2.1.4.2): that the tree of `first` leaves with root
    /// `firstRoot` is a prefix of the tree of `second` leaves with root `secondRoot`. Equal sizes
    /// need equal roots and an empty proof; from the empty tree any proof must be empty.
    public static func verifyConsistency(
        first: UInt64, second: UInt64, firstRoot: MerkleHash, secondRoot: MerkleHash, proof: [MerkleHash]
    ) throws(MerkleTreeError) {
        func fail(_ reason: String) -> MerkleTreeError {
            .consistencyProofFailed(first: first, second: second, reason: reason)
        }
        guard first <= second else { throw .sizesOutOfOrder(first: first, second: second) }
        if first == second {
            guard proof.isEmpty else { throw fail("trees of the same size need an empty proof") }
            guard firstRoot == secondRoot else { throw fail("the two root hashes differ for the same size (a fork)") }
            return
        }
        if first == 0 {
            guard proof.isEmpty else { throw fail("a proof from the empty tree must be empty") }
            return
        }
        // Step 1.
        guard !proof.isEmpty else { throw fail("the proof is empty") }
        // Step 2.
        var path = proof
        if first & (first - 1) == 0 { path.insert(firstRoot, at: 0) }
        // Step 3.
        var fn = first - 1
        var sn = second - 1
        // Step 4.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Step 5.
        var fr = path[0]
        var sr = path[0]
        // Step 6.
        for c in path.dropFirst() {
            guard sn != 0 else { throw fail("it has more hashes than the trees need") }
            if fn & 1 == 1 || fn == sn {
                fr = .node(c, fr)
                sr = .node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = .node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        // Step 7.
        guard sn == 0 else { throw fail("it has fewer hashes than the trees need") }
        guard fr == firstRoot else { throw fail("it does not lead to the earlier root hash") }
        guard sr == secondRoot else { throw fail("it does not lead to the later root hash") }
    }
}
