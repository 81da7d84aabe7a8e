import EventLog
import LMDBStorage
import TransparencyLog

/// The store's Merkle tree nodes as a ``TransparencyLog/MerkleHashStore``: the complete subtree
/// hashes in the `merkle` database, read one short read transaction per node. A node never
/// changes once written, so the value answers for the tree size it was made with even while the
/// tree grows (``LMDBEventStore/merkleHashStore()``).
public struct LMDBMerkleHashStore: MerkleHashStore, Sendable {
    let env: Environment
    let database: Database?
    public let treeSize: UInt64

    public func hash(level: Int, index: UInt64) throws -> MerkleHash {
        guard let database, (0...63).contains(level) else {
            throw MerkleTreeError.missingNode(level: level, index: index)
        }
        let key = TreeLayout.nodeKey(level: level, index: index)
        let bytes = try env.read { txn in try txn.get(database, key: key).map { Array($0) } }
        guard let bytes, let hash = MerkleHash(bytes: bytes) else {
            throw MerkleTreeError.missingNode(level: level, index: index)
        }
        return hash
    }
}

/// The byte layout of the tree: database `merkle`, key u64 BE *post-order position* of the node
/// → the 32-byte hash of leaves `index·2^level ..< (index+1)·2^level`; meta `treeSize` → u64 BE,
/// how many events (from sequence 1) the tree covers. `Docs/storage.md` describes the same.
///
/// Post-order is the order a growing tree completes its nodes (each leaf, then the parents it
/// closes), so an append writes keys in increasing order and LMDB fills pages completely.
package enum TreeLayout {
    static let databaseName = "merkle"
    static let treeSizeKey = Array("treeSize".utf8)
    /// Meta `leafV2From`: the first sequence whose leaf is version 2 (absent: every leaf is v1).
    static let leafV2FromKey = Array("leafV2From".utf8)

    /// The node `(level, index)` is the `level`-th node closed by appending leaf
    /// `m = (index + 1)·2^level − 1`, after the `2m − popcount(m)` nodes the first `m` leaves closed.
    package static func position(level: Int, index: UInt64) -> UInt64 {
        let m = (index + 1) << UInt64(level) - 1
        return 2 * m - UInt64(m.nonzeroBitCount) + UInt64(level)
    }

    static func nodeKey(level: Int, index: UInt64) -> [UInt8] { StoreLayout.be(position(level: level, index: index)) }
}
