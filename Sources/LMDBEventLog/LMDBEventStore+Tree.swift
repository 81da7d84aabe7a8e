import EventLog
import LMDBStorage
import Synchronization
import TransparencyLog

/// The Merkle tree over the log (RFC 9162), kept in the `merkle` database.
///
/// **Catch-up, not inline.** A leaf commits to every field of its event with a salt derived
/// from a secret key (``TransparencyLog/EventLeaf``); computing it costs several times the
/// append itself, so appends never touch the tree. The tree covers events `1 ... treeSize`
/// (meta `treeSize`, a watermark like the indexes' `indexedThrough`) and ``extendTree(saltKey:)``
/// brings it up to the head, in commits of at most `chunk` events, whenever a signed checkpoint
/// or a proof is asked for. Invariant: `treeSize ≤ head`, and the node at `(level, index)` is
/// written exactly once, when the tree first covers all its leaves; roots and proofs are given
/// only for sizes up to `treeSize`.
extension LMDBEventStore {
    /// The tree database, created when the store is writable; nil when a read-only store has none.
    /// Opened once per store value, under a lock (LMDB opens databases one transaction at a time).
    func treeDatabase() throws -> Database? {
        try merkleDatabase.withLock { cached in
            if let cached { return cached }
            do {
                cached = try env.openDatabases(named: [TreeLayout.databaseName], create: !env.isReadOnly).first
            } catch let error as LMDBError where error.kind == .notFound {
                return nil
            }
            return cached
        }
    }

    /// How many events (from sequence 1) the tree covers.
    public func treeSize() throws(EventStoreError) -> UInt64 {
        do {
            return try env.read { txn in try Self.treeSize(meta, txn) }
        } catch {
            throw Self.translate(error)
        }
    }

    static func treeSize(_ meta: Database, _ txn: borrowing Transaction) throws -> UInt64 {
        guard let value = try txn.get(meta, key: TreeLayout.treeSizeKey) else { return 0 }
        guard value.count == 8 else { throw EventStoreError.corrupted(detail: "meta treeSize is not 8 bytes") }
        return StoreLayout.u64(value)
    }

    /// The tree's nodes as it stands now (roots and proofs for any size up to its ``treeSize()``).
    public func merkleHashStore() throws(EventStoreError) -> LMDBMerkleHashStore {
        do {
            let database = try treeDatabase()
            let size = try env.read { txn in try Self.treeSize(meta, txn) }
            return LMDBMerkleHashStore(env: env, database: database, treeSize: database == nil ? 0 : size)
        } catch {
            throw Self.translate(error)
        }
    }

    /// Brings the tree up to the log's head; returns its new size. Each commit adds at most
    /// `chunk` leaves, so a first build of a large log holds no long write transaction.
    @discardableResult
    public func extendTree(saltKey: FieldSaltKey, chunk: Int = 50_000) throws(EventStoreError) -> UInt64 {
        if env.isReadOnly { throw .readOnly }
        do {
            guard let tree = try treeDatabase() else { throw EventStoreError.corrupted(detail: "no tree database") }
            while true {
                let (size, head) = try env.write { txn in
                    try extendTree(tree, saltKey: saltKey, chunk: max(1, chunk), txn)
                }
                if size >= head { return size }
            }
        } catch {
            throw Self.translate(error)
        }
    }

    /// Forgets the tree (its size goes back to 0; nodes are overwritten as it regrows) and
    /// builds it again from the events: after the salt key was restored, or to repair it.
    @discardableResult
    public func rebuildTree(saltKey: FieldSaltKey) throws(EventStoreError) -> UInt64 {
        if env.isReadOnly { throw .readOnly }
        do {
            _ = try treeDatabase()
            try env.write { txn in try txn.put(meta, key: TreeLayout.treeSizeKey, value: StoreLayout.be(UInt64(0))) }
        } catch {
            throw Self.translate(error)
        }
        return try extendTree(saltKey: saltKey)
    }

    /// One commit of ``extendTree(saltKey:chunk:)``; returns the tree's size after it and the head.
    private func extendTree(_ tree: Database, saltKey: FieldSaltKey, chunk: Int, _ txn: borrowing Transaction) throws
        -> (size: UInt64, head: UInt64)
    {
        let size = try Self.treeSize(meta, txn)
        let head = try txn.withCursor(events) { cursor in try cursor.last().map { StoreLayout.u64($0.key) } } ?? 0
        guard size < head else { return (size, head) }
        var frontier = try Self.frontier(size: size, tree, txn)
        let leaves = try leafHashes(after: size, count: chunk, saltKey: saltKey, txn)
        // New nodes come in increasing key order: append (full pages) unless a rebuild is
        // overwriting nodes that are already there.
        let firstKey = TreeLayout.nodeKey(level: 0, index: size)
        let lastKey = try txn.withCursor(tree) { cursor in try cursor.last().map { Array($0.key) } }
        let options: PutOptions = lastKey.map { $0.lexicographicallyPrecedes(firstKey) } ?? true ? .append : []
        for leaf in leaves {
            try frontier.append(leafHash: leaf) { node in
                try txn.put(
                    tree, key: TreeLayout.nodeKey(level: node.level, index: node.index), value: node.hash.bytes,
                    options: options)
            }
        }
        try txn.put(meta, key: TreeLayout.treeSizeKey, value: StoreLayout.be(frontier.size))
        return (frontier.size, head)
    }

    /// The frontier of the stored tree of `size` leaves (one node per set bit of `size`).
    static func frontier(size: UInt64, _ tree: Database, _ txn: borrowing Transaction) throws
        -> MerkleFrontier
    {
        var peaks: [MerkleHash] = []
        var start: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where size >> UInt64(level) & 1 == 1 {
            let key = TreeLayout.nodeKey(level: level, index: start >> UInt64(level))
            guard let bytes = try txn.get(tree, key: key), let hash = MerkleHash(bytes: bytes) else {
                throw EventStoreError.corrupted(
                    detail: "the Merkle tree lacks node (\(level), \(start >> UInt64(level))); "
                        + "rebuild it with `carelog verify --rebuild-tree`")
            }
            peaks.append(hash)
            start += 1 << UInt64(level)
        }
        return try MerkleFrontier(peaks: peaks, size: size)
    }

    /// The leaf hashes of up to `count` events after sequence `after`, in order.
    private func leafHashes(after: UInt64, count: Int, saltKey: FieldSaltKey, _ txn: borrowing Transaction) throws
        -> [MerkleHash]
    {
        var leaves: [MerkleHash] = []
        var hasher = EventLeafHasher(saltKey: saltKey)
        try txn.withCursor(events) { cursor in
            var entry = try cursor.seek(atOrAfter: StoreLayout.sequenceKey(after + 1))
            while let e = entry, leaves.count < count {
                let sequence = StoreLayout.u64(e.key)
                guard sequence == after + UInt64(leaves.count) + 1 else {
                    throw EventStoreError.corrupted(detail: "event \(after + UInt64(leaves.count) + 1) is missing")
                }
                leaves.append(try hasher.leafHash(e.value, sequence: sequence, self))
                entry = try cursor.next()
            }
        }
        return leaves
    }

    /// The root of the tree of `size` events (at most the tree's size).
    public func treeRoot(size: UInt64) throws -> MerkleHash {
        try MerkleTree.rootHash(size: size, store: try merkleHashStore())
    }

    /// The audit path of the event at `sequence` in the tree of `size` events.
    public func inclusionProof(sequence: UInt64, size: UInt64) throws -> [MerkleHash] {
        guard sequence > 0 else { throw MerkleTreeError.indexOutOfRange(index: 0, treeSize: size) }
        return try MerkleTree.inclusionProof(index: sequence - 1, size: size, store: try merkleHashStore())
    }

    /// The consistency proof from the tree of `first` events to the tree of `second` events.
    public func consistencyProof(from first: UInt64, to second: UInt64) throws -> [MerkleHash] {
        try MerkleTree.consistencyProof(from: first, to: second, store: try merkleHashStore())
    }
}
