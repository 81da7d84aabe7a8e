/// The right edge of a growing tree: the hashes of the complete subtrees that together cover
/// leaves `0 ..< size` (one per set bit of `size`, largest first; a "compact range").
///
/// Appending a leaf returns the complete subtrees it closes — the leaf itself at level 0 and one
/// more node per level it completes — in O(log n) hashes, so a store can write them in the same
/// transaction as the event. Rebuild it after a restart with ``init(store:)``.
public struct MerkleFrontier: Sendable, Equatable {
    /// A complete subtree closed by an append: the node at `(level, index)` and its hash.
    public struct Node: Sendable, Equatable {
        public let level: Int
        public let index: UInt64
        public let hash: MerkleHash
    }

    /// How many leaves have been appended.
    public private(set) var size: UInt64 = 0
    /// The peaks, largest subtree first; `peaks[i]` has level ``peakLevels``[i].
    public private(set) var peaks: [MerkleHash] = []

    /// The empty tree.
    public init() {}

    /// The frontier of the tree of `size` leaves held by `store` (reads one node per set bit of
    /// `size`). `size` defaults to the store's size.
    public init(store: some MerkleHashStore, size: UInt64? = nil) throws {
        let size = size ?? store.treeSize
        guard size <= store.treeSize else { throw MerkleTreeError.sizeBeyondTree(size: size, treeSize: store.treeSize) }
        var start: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where size >> UInt64(level) & 1 == 1 {
            peaks.append(try store.hash(level: level, index: start >> UInt64(level)))
            start += 1 << UInt64(level)
        }
        self.size = size
    }

    /// The frontier with the given peaks (largest first) over `size` leaves, as a store that
    /// keeps its nodes elsewhere reads them back; throws unless there is one peak per set bit.
    public init(peaks: [MerkleHash], size: UInt64) throws(MerkleTreeError) {
        guard peaks.count == size.nonzeroBitCount else { throw .missingNode(level: 0, index: size) }
        self.peaks = peaks
        self.size = size
    }

    /// The level of each peak, largest first (the set bits of ``size``).
    public var peakLevels: [Int] {
        stride(from: 63, through: 0, by: -1).filter { size >> UInt64($0) & 1 == 1 }
    }

    /// The root of the tree of ``size`` leaves: the peaks folded right to left.
    public var rootHash: MerkleHash {
        guard var root = peaks.last else { return .emptyTree }
        for peak in peaks.dropLast().reversed() { root = .node(peak, root) }
        return root
    }

    /// Appends a leaf hash; returns the nodes it completes, lowest level first.
    @discardableResult
    public mutating func append(leafHash: MerkleHash) -> [Node] {
        var closed: [Node] = []
        append(leafHash: leafHash) { closed.append($0) }
        return closed
    }

    /// Appends a leaf hash and hands each node it completes to `visit`, lowest level first
    /// (no array: the store writes them as they come).
    public mutating func append(leafHash: MerkleHash, visit: (Node) throws -> Void) rethrows {
        try visit(Node(level: 0, index: size, hash: leafHash))
        var hash = leafHash
        var index = size
        var level = 0
        // Each trailing 1 bit of the old size is a peak the new leaf completes a parent with.
        while index & 1 == 1 {
            guard let left = peaks.popLast() else { preconditionFailure("peak count matches the size's set bits") }
            hash = .node(left, hash)
            index >>= 1
            level += 1
            try visit(Node(level: level, index: index, hash: hash))
        }
        peaks.append(hash)
        size += 1
    }
}
