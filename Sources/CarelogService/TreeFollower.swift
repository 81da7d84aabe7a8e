import EventLog
import LMDBEventLog
import Logging
import ServiceLifecycle
import TransparencyLog

/// Keeps the store's Merkle tree (`Docs/proofs.md`) at the log's head while the service runs, so
/// an event appended through the service is covered by the tree within about a second, and any
/// later change to it is found at the next `carelog checkpoint --sign` or `carelog verify`
/// (`Docs/service.md`, "The Merkle tree in the background").
///
/// A `Service` run beside the HTTP server. Every ``interval`` it extends the tree over the events
/// appended since (``LMDBEventLog/LMDBEventStore/extendTree(saltKey:pseudonymRoot:chunk:workers:)``),
/// on a thread of its own at low priority (``LowPriorityWork``), one thread hashing, in commits of
/// at most ``chunk`` leaves (hashed before the transaction), so the appends' group commit waits
/// for at most one short write of nodes. The appends themselves never touch the tree. It stops
/// at graceful shutdown, after its commit in progress.
package struct TreeFollower: Service {
    /// The keys a leaf is computed with.
    package struct Keys: Sendable {
        /// The store's field salt key (`<store>/keys/field-salt.key`).
        package var saltKey: FieldSaltKey
        /// The store's pseudonym root key, when it has one (the leaves are then version 2 from
        /// the first event the tree did not cover, as `carelog checkpoint --sign` makes them).
        package var pseudonymRoot: PseudonymRootKey?

        package init(saltKey: FieldSaltKey, pseudonymRoot: PseudonymRootKey?) {
            self.saltKey = saltKey
            self.pseudonymRoot = pseudonymRoot
        }
    }

    /// The store whose tree is kept.
    package let store: LMDBEventStore
    /// The store's keys as they are now (read again at each extension, so keys created after the
    /// start — the salt key at the first signature, the pseudonym root key with the first
    /// recipient's — are used as signing would use them); nil while the store has no salt key.
    package let keys: @Sendable () throws -> Keys?
    /// How often the head is looked at.
    package var interval: Duration = .milliseconds(250)
    /// The most leaves added in one commit.
    package var chunk = 4_096
    /// Where a failure is logged (sequences and errors only; never personal data).
    let logger: Logger

    package init(
        store: LMDBEventStore, logger: Logger = Logger(label: "carelog.tree"),
        keys: @escaping @Sendable () throws -> Keys?
    ) {
        self.store = store
        self.keys = keys
        self.logger = logger
    }

    /// Follows the head until graceful shutdown or cancellation (never throws: a failure is
    /// logged, and tried again after a pause; signing extends the tree itself in any case).
    package func run() async {
        await cancelWhenGracefulShutdown { await self.runUntilCancelled() }
    }

    func runUntilCancelled() async {
        var failedAt: UInt64?
        while !Task.isCancelled {
            do {
                try await extend()
                failedAt = nil
            } catch {
                let size = (try? store.treeSize()) ?? 0
                // Logged once per position, not at every tick.
                if failedAt != size {
                    logger.warning(
                        "the Merkle tree cannot be extended in the background; `carelog checkpoint --sign` extends it when it signs",
                        metadata: ["treeSize": "\(size)", "error": "\(error)"])
                    failedAt = size
                }
                do { try await Task.sleep(for: .seconds(5)) } catch { return }
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }

    /// One extension up to the head as it is now, when the tree is behind it (two short reads
    /// otherwise, and no thread started).
    func extend() async throws {
        guard try store.treeSize() < store.checkpoint().sequence, let keys = try keys() else { return }
        let (store, chunk) = (store, chunk)
        _ = try await LowPriorityWork.run {
            try store.extendTree(saltKey: keys.saltKey, pseudonymRoot: keys.pseudonymRoot, chunk: chunk, workers: 1)
        }
    }
}
