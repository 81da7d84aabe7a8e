/// Why a proof or root could not be produced or did not verify. Messages name sizes and indices
/// only — never leaf content.
public enum MerkleTreeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The store has no hash for a node the computation needs.
    case missingNode(level: Int, index: UInt64)
    /// A size larger than the stored tree was asked for.
    case sizeBeyondTree(size: UInt64, treeSize: UInt64)
    /// A leaf index outside the tree.
    case indexOutOfRange(index: UInt64, treeSize: UInt64)
    /// A consistency proof from a larger tree to a smaller one.
    case sizesOutOfOrder(first: UInt64, second: UInt64)
    /// An inclusion proof did not lead to the expected root.
    case inclusionProofFailed(index: UInt64, treeSize: UInt64, reason: String)
    /// A consistency proof did not lead to the expected roots.
    case consistencyProofFailed(first: UInt64, second: UInt64, reason: String)

    public var description: String {
        switch self {
        case .missingNode(let level, let index):
            return "the tree store has no hash for node (level \(level), index \(index)); rebuild the tree from the log"
        case .sizeBeyondTree(let size, let treeSize):
            return "tree size \(size) was asked for, but the tree has only \(treeSize) leaves"
        case .indexOutOfRange(let index, let treeSize):
            return "leaf index \(index) is outside a tree of \(treeSize) leaves"
        case .sizesOutOfOrder(let first, let second):
            return "a consistency proof goes from a smaller tree to a larger one, not from size \(first) to \(second)"
        case .inclusionProofFailed(let index, let treeSize, let reason):
            return "the inclusion proof of leaf \(index) in the tree of size \(treeSize) does not verify: \(reason)"
        case .consistencyProofFailed(let first, let second, let reason):
            return "the consistency proof from tree size \(first) to \(second) does not verify: \(reason)"
        }
    }
}
