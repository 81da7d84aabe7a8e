/// Where the tree's complete subtree hashes live: the node at `(level, index)` is the hash of
/// leaves `index·2^level ..< (index+1)·2^level`, the addressing C2SP `tlog-tiles` uses. Level 0
/// holds the leaf hashes. A node is stored once the tree has grown over all its leaves, and it
/// never changes after that, so one store answers for every earlier tree size too.
///
/// Proofs and roots read only these nodes (about 2·log2 n of them), never the leaves' bytes.
/// An LMDB-backed store keyed by `(level, index)` fits this protocol; ``InMemoryMerkleHashStore``
/// is the reference.
public protocol MerkleHashStore {
    /// How many leaves the stored tree has.
    var treeSize: UInt64 { get }

    /// The hash of the complete subtree at `(level, index)`; the caller asks only for nodes whose
    /// leaves all lie below ``treeSize``. Throws if the store cannot supply it.
    func hash(level: Int, index: UInt64) throws -> MerkleHash
}

/// A ``MerkleHashStore`` in memory: one contiguous array of hashes per level.
public struct InMemoryMerkleHashStore: MerkleHashStore, Sendable {
    /// The hashes of level `l`, 32 bytes each, in index order.
    private var levels: [[UInt8]] = []
    /// Grows the tree as leaves arrive.
    public private(set) var frontier = MerkleFrontier()

    /// An empty tree.
    public init() {}

    /// A tree over the given leaf hashes, in order.
    public init(leafHashes: some Sequence<MerkleHash>) {
        for leaf in leafHashes { append(leafHash: leaf) }
    }

    public var treeSize: UInt64 { frontier.size }

    /// The root of the current tree.
    public var rootHash: MerkleHash { frontier.rootHash }

    /// Appends one leaf hash and stores the complete subtrees it closes.
    public mutating func append(leafHash: MerkleHash) {
        frontier.append(leafHash: leafHash) { node in
            if levels.count <= node.level { levels.append([]) }
            levels[node.level].append(contentsOf: node.hash.bytes)
        }
    }

    public func hash(level: Int, index: UInt64) throws -> MerkleHash {
        guard level >= 0, level < levels.count, index < UInt64(levels[level].count / 32) else {
            throw MerkleTreeError.missingNode(level: level, index: index)
        }
        let start = Int(index) * 32
        return MerkleHash(unchecked: Array(levels[level][start..<start + 32]))
    }
}
