import CarelogOperations
import EventLog
import LMDBEventLog
import TransparencyLog

/// Issues the store's signed checkpoints (`carelog checkpoint --sign`) and checks its tree
/// (`carelog verify`). A checkpoint is signed only over a log that verifies.
enum CheckpointSigning {
    /// What `carelog checkpoint --sign` (or `--vkey`) prints: the signed note, or the `vkey` line.
    static func text(
        vkey: Bool, full: Bool = false, _ store: LMDBEventStore, storePath: String, _ environment: CommandEnvironment
    ) throws(CarelogError) -> String {
        if vkey {
            return try LogKeyFiles.loadOrCreateSigner(store: storePath, storeID: store.storeID).verifierKey.vkey + "\n"
        }
        return try sign(store, storePath: storePath, full: full, environment).serialized
    }

    /// Checks the log, brings the tree up to the head, then signs a C2SP checkpoint over the
    /// whole tree and remembers it as the last signed one, with the position verified
    /// (``SigningPosition``). Nothing is signed if any step fails (`Docs/proofs.md` §9).
    ///
    /// The tree must still have the last signed checkpoint's root at its size. Then, by default,
    /// only what is new is checked: from the position saved at the last signature (its chain hash
    /// must still be the one stored there), the later events' chain links and index entries, and
    /// every leaf after the last signed size recomputed from its event. With `full`, or without a
    /// usable saved position, the whole log is checked instead: the hash chain and indexes, and
    /// every leaf the tree covers.
    static func sign(
        _ store: LMDBEventStore, storePath: String, full: Bool = false, _ environment: CommandEnvironment
    ) throws(CarelogError) -> SignedNote {
        let signer = try LogKeyFiles.loadOrCreateSigner(store: storePath, storeID: store.storeID)
        let saltKey = try LogKeyFiles.loadOrCreateSaltKey(store: storePath)
        let pseudonymRoot = try Self.pseudonymRoot(store, storePath: storePath)
        let last = try lastSigned(store, storePath: storePath, signer: signer)
        let scope =
            full
            ? .whole(because: nil)
            : Self.scope(last: last, storeID: store.storeID, storePath: storePath, signer: signer)
        let report: VerificationReport
        let treeFrom: UInt64
        switch scope {
        case .after(let position):
            do { report = try store.verify(after: position.verified) } catch { throw CarelogError.from(error) }
            treeFrom = position.signedSize
        case .whole(let reason):
            if let reason { environment.errorOutput.line("\(reason): checking the whole log before signing") }
            report = try VerifyCommand.verify(store, against: nil, environment)
            treeFrom = 0
        }
        guard report.isValid else {
            let first = report.firstBadSequence.map { ", the first at sequence \($0)" } ?? ""
            var what = "the log"
            if case .after(let position) = scope {
                what =
                    "the log after sequence \(position.verified.sequence) (verified when checkpoint "
                    + "\(position.signedSize) was signed)"
            }
            throw .verificationFailed(
                "\(what) does not verify (\(report.problems.count) problems\(first)): no checkpoint was signed; "
                    + "run `carelog verify` for the details")
        }
        // The leaves the tree covers beyond what is already signed (all of them for the whole
        // check) are recomputed from their events before the tree grows, so an event changed
        // after the tree covered it (even with its chain hashes redone) is found.
        let mismatch: UInt64?
        do {
            mismatch = try store.firstTreeMismatch(saltKey: saltKey, pseudonymRoot: pseudonymRoot, after: treeFrom)
        } catch {
            throw CarelogError.from(error)
        }
        if let mismatch {
            throw .verificationFailed(
                "event \(mismatch) no longer matches its leaf in the Merkle tree: it was changed after the tree "
                    + "covered it; no checkpoint was signed")
        }
        let size: UInt64
        do { size = try store.extendTree(saltKey: saltKey, pseudonymRoot: pseudonymRoot) } catch {
            throw CarelogError.from(error)
        }
        do {
            let root = try store.treeRoot(size: size)
            let checkpoint = try TransparencyLog.Checkpoint(
                origin: LogKeyFiles.origin(storeID: store.storeID), size: size, rootHash: root)
            let note = try checkpoint.signed(by: signer)
            try LogKeyFiles.saveLastSigned(note, size: size, store: storePath)
            // The position verified is the head the check reached: events appended meanwhile
            // (signed with the tree) are checked by the next signature.
            try SigningPosition(signedSize: size, signedRoot: root, verified: report.head)
                .save(store: storePath, signer: signer)
            return note
        } catch let error as CarelogError {
            throw error
        } catch {
            throw .storeOrIO("cannot sign the checkpoint: \(error)")
        }
    }

    /// What a signature checks: the log after a saved position, or the whole log (and why, when
    /// the incremental check was wanted).
    enum Scope {
        case after(SigningPosition)
        case whole(because: String?)
    }

    /// The incremental check when the saved position is of the last signed checkpoint and
    /// authenticated by the log's key, else the whole check.
    static func scope(last: TransparencyLog.Checkpoint?, storeID: String, storePath: String, signer: NoteSigner)
        -> Scope
    {
        guard let last else { return .whole(because: nil) }
        switch SigningPosition.load(store: storePath, signer: signer) {
        case .failure(let unusable):
            return .whole(because: unusable.description)
        case .success(let position):
            guard position.signedSize == last.size, position.signedRoot == last.rootHash,
                position.verified.storeID == storeID
            else { return .whole(because: SigningPosition.Unusable.stale.description) }
            return .after(position)
        }
    }

    /// The last checkpoint the store signed, checked: signed by the store's key, and the tree
    /// still has its root at its size (cheap: the stored nodes that make it up). Nil when none
    /// was signed yet.
    static func lastSigned(_ store: LMDBEventStore, storePath: String, signer: NoteSigner) throws(CarelogError)
        -> TransparencyLog.Checkpoint?
    {
        guard let last = try LogKeyFiles.lastSigned(store: storePath) else { return nil }
        let old: TransparencyLog.Checkpoint
        do { old = try TransparencyLog.Checkpoint.open(last, logKey: signer.verifierKey).checkpoint } catch {
            throw .verificationFailed(
                "the last signed checkpoint in \(storePath)/keys is not signed by this store's key (\(error)): "
                    + "no checkpoint was signed")
        }
        guard (try? store.treeRoot(size: old.size)) == old.rootHash else {
            throw .verificationFailed(
                "the tree no longer agrees with the last signed checkpoint (size \(old.size)): an event at or "
                    + "before it was changed or removed; no checkpoint was signed")
        }
        return old
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
