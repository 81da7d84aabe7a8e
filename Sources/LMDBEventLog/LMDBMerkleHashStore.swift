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

/// The byte layout of the tree: database `merkle`, key `u8 level ‖ u64 BE index` → the 32-byte
/// hash of leaves `index·2^level ..< (index+1)·2^level`; meta `treeSize` → u64 BE, how many
/// events (from sequence 1) the tree covers. `Docs/storage.md` describes the same.
enum TreeLayout {
    static let databaseName = "merkle"
    static let treeSizeKey = Array("treeSize".utf8)

    static func nodeKey(level: Int, index: UInt64) -> [UInt8] {
        [UInt8(truncatingIfNeeded: level)] + StoreLayout.be(index)
    }
}
