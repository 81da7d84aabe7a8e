import Dispatch
import EventLog
import Foundation
import LMDBStorage
import Synchronization
import TransparencyLog

/// The Merkle tree over the log (RFC 9162), kept in the `merkle` database.
///
/// **Catch-up, not inline.** A leaf commits to every field of its event with a salt derived
/// from a secret key (``TransparencyLog/EventLeaf``); computing it costs several times the
/// append itself, so appends never touch the tree. The tree covers events `1 ... treeSize`
/// (meta `treeSize`, a watermark like the indexes' `indexedThrough`) and ``extendTree(saltKey:)``
/// brings it up to the head, in commits of at most `chunk` events (their leaves hashed on every
/// core before the commit), whenever a signed checkpoint
/// or a proof is asked for. Invariant: `treeSize ≤ head`, and the node at `(level, index)` is
/// written exactly once, when the tree first covers all its leaves; roots and proofs are given
/// only for sizes up to `treeSize`.
///
/// **Leaf versions.** Events before meta `leafV2From` have v1 leaves; from it on, v2 leaves
/// that also commit to the pseudonym slot fields (`Docs/proofs.md` §11). `leafV2From` is set
/// once, to the first event the tree does not yet cover, by the first ``extendTree(saltKey:pseudonymRoot:chunk:workers:)``
/// given the pseudonym root key, so every leaf already in the tree — and every checkpoint and
/// proof over it — stays as it was.
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

    /// The first sequence whose leaf is version 2, nil while every leaf is version 1.
    public func leafV2From() throws(EventStoreError) -> UInt64? {
        do {
            return try env.read { txn in try Self.leafV2From(meta, txn) }
        } catch {
            throw Self.translate(error)
        }
    }

    static func leafV2From(_ meta: Database, _ txn: borrowing Transaction) throws -> UInt64? {
        guard let value = try txn.get(meta, key: TreeLayout.leafV2FromKey) else { return nil }
        guard value.count == 8 else { throw EventStoreError.corrupted(detail: "meta leafV2From is not 8 bytes") }
        return StoreLayout.u64(value)
    }

    /// The version of the leaf of the event at `sequence` (1 or 2).
    public func leafVersion(sequence: UInt64) throws(EventStoreError) -> Int {
        try leafV2From().map { sequence >= $0 ? 2 : 1 } ?? 1
    }

    /// The leaf of `event` (of the version its sequence calls for) and the disclosures of every field.
    public func leaf(of event: RecordedEvent, saltKey: FieldSaltKey, pseudonymRoot: PseudonymRootKey?) throws
        -> (leaf: EventLeaf, disclosures: [FieldDisclosure])
    {
        var slots = pseudonymRoot.map(PseudonymSlots.init(root:))
        return try event.leaf(saltKey: saltKey, version: try leafVersion(sequence: event.sequence), slots: &slots)
    }

    /// Sets `leafV2From` to the first event the tree does not cover, unless it is set; returns it.
    @discardableResult
    func startLeafV2() throws -> UInt64 {
        try env.write { txn in
            if let from = try Self.leafV2From(meta, txn) { return from }
            let from = try Self.treeSize(meta, txn) + 1
            try txn.put(meta, key: TreeLayout.leafV2FromKey, value: StoreLayout.be(from))
            return from
        }
    }

    /// Throws when the store has v2 leaves (from `leafV2From`) and `pseudonymRoot` is missing.
    static func requireLeafKeys(_ leafV2From: UInt64?, _ pseudonymRoot: PseudonymRootKey?) throws {
        if let leafV2From, pseudonymRoot == nil {
            throw EventStoreError.storage(
                detail: "the leaves from event \(leafV2From) on are version 2 and need the pseudonym root key")
        }
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

    /// Brings the tree up to the log's head; returns its new size. Given `pseudonymRoot`, first
    /// sets `leafV2From` if the store has none (the leaves from there on are version 2); a store
    /// with v2 leaves needs it. Each commit adds at most
    /// `chunk` leaves, so a first build of a large log holds no long write transaction. The
    /// leaves of a chunk are hashed before its write transaction, on up to `workers` threads
    /// (default: the active cores, at most 4) each reading its own slice of the events, so
    /// appends are not held up while they are hashed; the write transaction only adds the
    /// nodes (about two puts a leaf, in key order).
    @discardableResult
    public func extendTree(
        saltKey: FieldSaltKey, pseudonymRoot: PseudonymRootKey? = nil, chunk: Int = 65_536, workers: Int? = nil
    ) throws(EventStoreError) -> UInt64 {
        if env.isReadOnly { throw .readOnly }
        do {
            if pseudonymRoot != nil { try startLeafV2() }
            guard let tree = try treeDatabase() else { throw EventStoreError.corrupted(detail: "no tree database") }
            let threads = max(1, workers ?? min(ProcessInfo.processInfo.activeProcessorCount, 4))
            // Given no worker count, a thread is worth starting for at least 1,024 leaves.
            let minimumSlice = workers == nil ? 1_024 : 1
            while true {
                let (size, head, leafV2From) = try env.read { txn in
                    (try Self.treeSize(meta, txn), try Self.head(events, txn), try Self.leafV2From(meta, txn))
                }
                guard size < head else { return size }
                try Self.requireLeafKeys(leafV2From, pseudonymRoot)
                let end = min(head, size + UInt64(max(1, chunk)))
                let keys = LeafKeys(saltKey: saltKey, pseudonymRoot: pseudonymRoot, leafV2From: leafV2From)
                let leaves = try leafHashes(
                    after: size, through: end, keys: keys, workers: threads, minimumSlice: minimumSlice)
                try env.write { txn in try addLeaves(leaves, after: size, leafV2From: leafV2From, tree, txn) }
            }
        } catch {
            throw Self.translate(error)
        }
    }

    /// Forgets the tree (its size goes back to 0; nodes are overwritten as it regrows) and
    /// builds it again from the events: after the salt key was restored, or to repair it.
    @discardableResult
    public func rebuildTree(saltKey: FieldSaltKey, pseudonymRoot: PseudonymRootKey? = nil) throws(EventStoreError)
        -> UInt64
    {
        if env.isReadOnly { throw .readOnly }
        do {
            _ = try treeDatabase()
            try env.write { txn in try txn.put(meta, key: TreeLayout.treeSizeKey, value: StoreLayout.be(UInt64(0))) }
        } catch {
            throw Self.translate(error)
        }
        return try extendTree(saltKey: saltKey, pseudonymRoot: pseudonymRoot)
    }

    /// The log's head sequence (0 when empty).
    private static func head(_ events: Database, _ txn: borrowing Transaction) throws -> UInt64 {
        try txn.withCursor(events) { cursor in try cursor.last().map { StoreLayout.u64($0.key) } } ?? 0
    }

    /// One commit of ``extendTree(saltKey:chunk:workers:)``: the nodes `leaves` (the leaves of
    /// the events after `after`, hashed with `leafV2From`) close. Writes nothing when the tree is
    /// no longer `after` leaves or `leafV2From` was set meanwhile (another caller extended the
    /// tree or started v2 leaves; the loop reads them again).
    private func addLeaves(
        _ leaves: [MerkleHash], after: UInt64, leafV2From: UInt64?, _ tree: Database, _ txn: borrowing Transaction
    ) throws {
        guard try Self.treeSize(meta, txn) == after, try Self.leafV2From(meta, txn) == leafV2From else { return }
        var frontier = try Self.frontier(size: after, tree, txn)
        // New nodes come in increasing key order: append (full pages) unless a rebuild is
        // overwriting nodes that are already there.
        let firstKey = TreeLayout.nodeKey(level: 0, index: after)
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

    /// The leaf hashes of the events `after + 1 ... end`, in order: the range split into one
    /// contiguous slice per worker, each hashed in its own read transaction.
    private func leafHashes(
        after: UInt64, through end: UInt64, keys: LeafKeys, workers: Int, minimumSlice: Int
    ) throws -> [MerkleHash] {
        let count = Int(end - after)
        let threads = min(workers, max(1, count / minimumSlice))
        if threads == 1 { return try env.read { txn in try leafHashes(after: after, count: count, keys, txn) } }
        let slice = (count + threads - 1) / threads
        let results = Mutex([Result<[MerkleHash], any Error>?](repeating: nil, count: threads))
        SideWork.perform(iterations: threads) { worker in
            let first = after + UInt64(worker * slice)
            let n = max(0, min(slice, count - worker * slice))
            let result = Result { try env.read { txn in try leafHashes(after: first, count: n, keys, txn) } }
            results.withLock { $0[worker] = result }
        }
        var leaves: [MerkleHash] = []
        leaves.reserveCapacity(count)
        for slot in results.withLock({ $0 }) {
            guard let slot else { throw EventStoreError.storage(detail: "a tree worker stopped without a result") }
            leaves += try slot.get()
        }
        return leaves
    }

    /// The leaf hashes of `count` events after sequence `after`, in order.
    private func leafHashes(after: UInt64, count: Int, _ keys: LeafKeys, _ txn: borrowing Transaction) throws
        -> [MerkleHash]
    {
        var leaves: [MerkleHash] = []
        leaves.reserveCapacity(count)
        guard count > 0 else { return leaves }
        var hasher = keys.hasher()
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
        guard leaves.count == count else {
            throw EventStoreError.corrupted(detail: "event \(after + UInt64(leaves.count) + 1) is missing")
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
