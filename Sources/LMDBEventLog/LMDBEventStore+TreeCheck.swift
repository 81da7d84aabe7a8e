import Dispatch
import EventLog
import Foundation
import LMDBStorage
import Synchronization
import TransparencyLog

/// `carelog verify`'s and `checkpoint --sign`'s check of the stored tree against the events.
///
/// The tree is split into aligned blocks of `2^blockLevel` leaves. A block's nodes (its leaves
/// and every node up to its root) are contiguous in the tree database's post-order keys, so one
/// worker per core recomputes a block's leaves from its events, builds its nodes bottom-up and
/// compares each with the next stored entry under one cursor (no lookups). The few nodes above
/// the blocks are then folded from the block roots, and the leaves before the first whole
/// block and after the last one are checked one by one as before.
extension LMDBEventStore {
    /// Recomputes the leaf of every event after `after` (up to the tree's size) from the event
    /// and the keys (each leaf of the version its sequence calls for), and every node those leaves close, and compares them with the stored
    /// tree. Returns the first sequence whose leaf (or a node it closes) differs, nil when all
    /// agree. The nodes of the first `after` leaves are taken as stored: compare the root at
    /// `after` with a signed checkpoint to cover them.
    public func firstTreeMismatch(saltKey: FieldSaltKey, pseudonymRoot: PseudonymRootKey? = nil, after: UInt64 = 0)
        throws(EventStoreError) -> UInt64?
    {
        try firstTreeMismatch(
            saltKey: saltKey, pseudonymRoot: pseudonymRoot, after: after, blockLevel: 16, workers: nil)
    }

    /// ``firstTreeMismatch(saltKey:pseudonymRoot:after:)`` with blocks of `2^blockLevel` leaves checked by
    /// `workers` threads (default: the active cores, at most 4); tests use small blocks.
    package func firstTreeMismatch(
        saltKey: FieldSaltKey, pseudonymRoot: PseudonymRootKey? = nil, after: UInt64, blockLevel: Int, workers: Int?
    ) throws(EventStoreError) -> UInt64? {
        do {
            guard let tree = try treeDatabase() else { return nil }
            let (size, leafV2From) = try env.read { txn in
                (try Self.treeSize(meta, txn), try Self.leafV2From(meta, txn))
            }
            guard after < size else { return nil }
            try Self.requireLeafKeys(leafV2From, pseudonymRoot)
            let keys = LeafKeys(saltKey: saltKey, pseudonymRoot: pseudonymRoot, leafV2From: leafV2From)
            let block = UInt64(1) << UInt64(blockLevel)
            let firstBlock = (after + block - 1) / block
            let endBlock = size / block
            guard firstBlock < endBlock else {
                return try env.read { txn in
                    try leafMismatch(tree, keys, frontier: try Self.frontier(size: after, tree, txn), to: size, txn)
                }
            }
            // The leaves before the first whole block, one by one.
            if let mismatch = try env.read({ txn in
                try leafMismatch(
                    tree, keys, frontier: try Self.frontier(size: after, tree, txn), to: firstBlock * block, txn)
            }) {
                return mismatch
            }
            // The whole blocks, in parallel.
            let blocks = try blockMismatches(
                tree, keys, blocks: firstBlock..<endBlock, blockLevel: blockLevel, workers: workers)
            if let mismatch = blocks.mismatch { return mismatch }
            // The nodes above the blocks, then the leaves after the last whole block.
            return try env.read { txn -> UInt64? in
                let below = try Self.frontier(size: firstBlock * block, tree, txn)
                var upper = try MerkleFrontier(peaks: below.peaks, size: firstBlock)
                var mismatch: UInt64?
                for (offset, root) in blocks.roots.enumerated() where mismatch == nil {
                    let closedBy = (firstBlock + UInt64(offset) + 1) * block
                    try upper.append(leafHash: root) { node in
                        guard node.level > 0 else { return }
                        let key = TreeLayout.nodeKey(level: node.level + blockLevel, index: node.index)
                        if try txn.get(tree, key: key).map({ $0.elementsEqual(node.hash.bytes) }) != true {
                            mismatch = closedBy
                        }
                    }
                }
                if let mismatch { return mismatch }
                let frontier = try MerkleFrontier(peaks: upper.peaks, size: endBlock * block)
                return try leafMismatch(tree, keys, frontier: frontier, to: size, txn)
            }
        } catch {
            throw Self.translate(error)
        }
    }

    /// Appends the leaves after `frontier.size` up to `end` to `frontier`, comparing each node
    /// they close with the stored one; returns the first sequence that disagrees.
    private func leafMismatch(
        _ tree: Database, _ keys: LeafKeys, frontier: MerkleFrontier, to end: UInt64,
        _ txn: borrowing Transaction
    ) throws -> UInt64? {
        var frontier = frontier
        var mismatch: UInt64?
        var leaves = keys.hasher()
        try txn.withCursor(events) { cursor in
            var entry = try cursor.seek(atOrAfter: StoreLayout.sequenceKey(frontier.size + 1))
            while mismatch == nil, frontier.size < end {
                let sequence = frontier.size + 1
                guard let e = entry, StoreLayout.u64(e.key) == sequence else {
                    mismatch = sequence
                    break
                }
                try frontier.append(leafHash: try leaves.leafHash(e.value, sequence: sequence, self)) { node in
                    let key = TreeLayout.nodeKey(level: node.level, index: node.index)
                    if try txn.get(tree, key: key).map({ $0.elementsEqual(node.hash.bytes) }) != true {
                        mismatch = sequence
                    }
                }
                entry = try cursor.next()
            }
        }
        return mismatch
    }

    /// Checks whole blocks on `workers` threads, each in its own read transaction; returns the
    /// first sequence that disagrees, or every block's root in order.
    private func blockMismatches(
        _ tree: Database, _ keys: LeafKeys, blocks: Range<UInt64>, blockLevel: Int, workers: Int?
    ) throws -> (mismatch: UInt64?, roots: [MerkleHash]) {
        let threads = max(
            1, min(workers ?? min(ProcessInfo.processInfo.activeProcessorCount, 4), blocks.count))
        let results = Mutex([Result<[BlockCheck], any Error>?](repeating: nil, count: threads))
        SideWork.perform(iterations: threads) { worker in
            let result = Result {
                try env.read { txn in
                    try stride(from: blocks.lowerBound + UInt64(worker), to: blocks.upperBound, by: threads).map {
                        try checkBlock($0, blockLevel: blockLevel, tree, keys, txn)
                    }
                }
            }
            results.withLock { $0[worker] = result }
        }
        var checks: [(block: UInt64, check: BlockCheck)] = []
        for (worker, slot) in results.withLock({ $0 }).enumerated() {
            guard let slot else {
                throw EventStoreError.storage(detail: "a tree-check worker stopped without a result")
            }
            for (n, check) in try slot.get().enumerated() {
                checks.append((blocks.lowerBound + UInt64(worker) + UInt64(n * threads), check))
            }
        }
        checks.sort { $0.block < $1.block }
        var roots: [MerkleHash] = []
        for item in checks {
            switch item.check {
            case .mismatch(let sequence): return (sequence, [])
            case .root(let root): roots.append(root)
            }
        }
        return (nil, roots)
    }

    /// What checking one block found.
    private enum BlockCheck {
        case mismatch(UInt64)
        case root(MerkleHash)
    }

    /// Recomputes block `block`'s leaves and nodes and compares them, in post-order, with the
    /// stored entries that follow its first leaf's key.
    private func checkBlock(
        _ block: UInt64, blockLevel: Int, _ tree: Database, _ keys: LeafKeys, _ txn: borrowing Transaction
    ) throws -> BlockCheck {
        let count = UInt64(1) << UInt64(blockLevel)
        let first = block * count
        var leaves = keys.hasher()
        var local = MerkleFrontier()
        var mismatch: UInt64?
        try txn.withCursor(events) { events in
            try txn.withCursor(tree) { nodes in
                var entry = try events.seek(atOrAfter: StoreLayout.sequenceKey(first + 1))
                var stored = try nodes.seek(atOrAfter: TreeLayout.nodeKey(level: 0, index: first))
                while mismatch == nil, local.size < count {
                    let sequence = first + local.size + 1
                    guard let e = entry, StoreLayout.u64(e.key) == sequence else {
                        mismatch = sequence
                        break
                    }
                    try local.append(leafHash: try leaves.leafHash(e.value, sequence: sequence, self)) { node in
                        let position = TreeLayout.position(level: node.level, index: (first >> node.level) + node.index)
                        guard mismatch == nil, let s = stored, s.key.count == 8, StoreLayout.u64(s.key) == position,
                            s.value.elementsEqual(node.hash.bytes)
                        else {
                            mismatch = sequence
                            return
                        }
                        stored = try nodes.next()
                    }
                    entry = try events.next()
                }
            }
        }
        if let mismatch { return .mismatch(mismatch) }
        guard let root = local.peaks.first, local.peaks.count == 1 else {
            return .mismatch(first + count)
        }
        return .root(root)
    }
}
