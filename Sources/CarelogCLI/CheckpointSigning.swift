import CarelogOperations
import EventLog
import LMDBEventLog
import TransparencyLog

/// Issues the store's signed checkpoints (`carelog checkpoint --sign`) and checks its tree
/// (`carelog verify`). A checkpoint is signed only over a log that verifies.
enum CheckpointSigning {
    /// What `carelog checkpoint --sign` (or `--vkey`) prints: the signed note, or the `vkey` line.
    static func text(vkey: Bool, _ store: LMDBEventStore, storePath: String, _ environment: CommandEnvironment)
        throws(CarelogError) -> String
    {
        if vkey {
            return try LogKeyFiles.loadOrCreateSigner(store: storePath, storeID: store.storeID).verifierKey.vkey + "\n"
        }
        return try sign(store, storePath: storePath, environment).serialized
    }

    /// Verifies the hash chain and indexes, recomputes every leaf the tree covers from its event,
    /// checks that the tree still has the last signed checkpoint's root at its size, brings the
    /// tree up to the head, then signs a C2SP checkpoint over the whole tree and remembers it as
    /// the last signed one. Nothing is signed if any step fails.
    static func sign(_ store: LMDBEventStore, storePath: String, _ environment: CommandEnvironment) throws(CarelogError)
        -> SignedNote
    {
        let signer = try LogKeyFiles.loadOrCreateSigner(store: storePath, storeID: store.storeID)
        let saltKey = try LogKeyFiles.loadOrCreateSaltKey(store: storePath)
        let pseudonymRoot = try Self.pseudonymRoot(store, storePath: storePath)
        let report = try VerifyCommand.verify(store, against: nil, environment)
        guard report.isValid else {
            let first = report.firstBadSequence.map { ", the first at sequence \($0)" } ?? ""
            throw .verificationFailed(
                "the log does not verify (\(report.problems.count) problems\(first)): no checkpoint was signed; "
                    + "run `carelog verify` for the details")
        }
        // Every leaf the tree already covers is recomputed from its event before the tree grows,
        // so an event changed after an earlier checkpoint (even with its chain hashes redone) is found.
        let mismatch: UInt64?
        do { mismatch = try store.firstTreeMismatch(saltKey: saltKey, pseudonymRoot: pseudonymRoot) } catch {
            throw CarelogError.from(error)
        }
        if let mismatch {
            throw .verificationFailed(
                "event \(mismatch) no longer matches its leaf in the Merkle tree: it was changed after the tree "
                    + "covered it; no checkpoint was signed")
        }
        if let last = try LogKeyFiles.lastSigned(store: storePath) {
            let old: TransparencyLog.Checkpoint
            do { old = try TransparencyLog.Checkpoint.open(last, logKey: signer.verifierKey).checkpoint } catch {
                throw .verificationFailed(
                    "the last signed checkpoint in \(storePath)/keys is not signed by this store's key (\(error)): "
                        + "no checkpoint was signed")
            }
            let oldRoot = try? store.treeRoot(size: old.size)
            guard oldRoot == old.rootHash else {
                throw .verificationFailed(
                    "the tree no longer agrees with the last signed checkpoint (size \(old.size)): an event at or "
                        + "before it was changed or removed; no checkpoint was signed")
            }
        }
        let size: UInt64
        do { size = try store.extendTree(saltKey: saltKey, pseudonymRoot: pseudonymRoot) } catch {
            throw CarelogError.from(error)
        }
        do {
            let checkpoint = try TransparencyLog.Checkpoint(
                origin: LogKeyFiles.origin(storeID: store.storeID), size: size, rootHash: try store.treeRoot(size: size)
            )
            let note = try checkpoint.signed(by: signer)
            try LogKeyFiles.saveLastSigned(note, size: size, store: storePath)
            return note
        } catch let error as CarelogError {
            throw error
        } catch {
            throw .storeOrIO("cannot sign the checkpoint: \(error)")
        }
    }

    /// The store's pseudonym root key, if it has one; refuses a store whose v2 leaves need it
    /// when the key file is gone. Given the key, the tree's leaves are version 2 from the first
    /// event it does not yet cover (`Docs/proofs.md` §11).
    static func pseudonymRoot(_ store: LMDBEventStore, storePath: String) throws(CarelogError) -> PseudonymRootKey? {
        let key = try LogKeyFiles.loadPseudonymRoot(store: storePath)
        let from: UInt64?
        do { from = try store.leafV2From() } catch { throw CarelogError.from(error) }
        if key == nil, let from {
            throw .storeOrIO(
                "the tree's leaves from event \(from) on commit to pseudonym slots, and the pseudonym root key "
                    + "\(LogKeyFiles.pseudonymRootPath(store: storePath)) is missing; restore it from a backup")
        }
        return key
    }

    /// `carelog verify`'s tree check: recomputes every leaf the tree covers (with the store's
    /// salt key) and every node; rebuilds the tree first when `rebuild` is set. Returns a line
    /// to print, or throws naming the first event that disagrees.
    static func checkTree(_ store: LMDBEventStore, storePath: String, rebuild: Bool) throws(CarelogError) -> String? {
        guard
            let saltKey = try rebuild
                ? LogKeyFiles.loadOrCreateSaltKey(store: storePath) : LogKeyFiles.loadSaltKey(store: storePath)
        else { return nil }
        let pseudonymRoot = try Self.pseudonymRoot(store, storePath: storePath)
        do {
            if rebuild { try store.rebuildTree(saltKey: saltKey, pseudonymRoot: pseudonymRoot) }
            let size = try store.treeSize()
            guard size > 0 else { return nil }
            if let mismatch = try store.firstTreeMismatch(saltKey: saltKey, pseudonymRoot: pseudonymRoot) {
                throw CarelogError.verificationFailed(
                    "event \(mismatch) does not match its leaf in the Merkle tree (the event or the tree was altered); "
                        + "if the events verify, rebuild the tree with `carelog verify --rebuild-tree`")
            }
            let versions = try store.leafV2From().map { from in
                from > size ? "" : from == 1 ? " (v2 leaves)" : " (v1 leaves before event \(from), v2 from it)"
            }
            return
                "Merkle tree verified over \(size) events\(versions ?? ""); root \(try store.treeRoot(size: size).hex)"
        } catch let error as CarelogError {
            throw error
        } catch {
            throw CarelogError.from(error)
        }
    }
}
