import EventLog
import Foundation
import LMDBEventLog
import TransparencyLog

/// Every checkpoint the store has signed (`carelog checkpoint --sign`), kept one file per tree
/// size in `<store>/keys/signed/` beside the last one, and what each says about the log now: its
/// signature under the store's log key, and whether the tree still has its root at its size.
/// The verification page shows it as the checkpoint history (Docs/web.md, "Verification").
///
/// A checkpoint that no longer agrees with the tree means an event at or before its size was
/// changed or removed after it was signed — what `carelog checkpoint --sign` refuses to sign
/// over, and what a witness or an inspector holding that checkpoint would detect.
package struct SignedCheckpointHistory: Sendable {
    /// One signed checkpoint and what the log says of it now.
    package struct Entry: Hashable, Sendable {
        package var size: UInt64
        package var rootHash: String
        /// The log key's signature verifies.
        package var signedByLogKey: Bool
        /// The tree has this root at this size now (nil: the tree does not reach the size).
        package var agreesWithTree: Bool?

        package init(size: UInt64, rootHash: String, signedByLogKey: Bool, agreesWithTree: Bool?) {
            self.size = size
            self.rootHash = rootHash
            self.signedByLogKey = signedByLogKey
            self.agreesWithTree = agreesWithTree
        }
    }

    /// Oldest first (by tree size).
    package var entries: [Entry]

    package init(entries: [Entry]) { self.entries = entries }

    /// The directory of the signed checkpoints.
    package static func directory(store: String) -> String {
        (PseudonymKeyFile.directory(store: store) as NSString).appendingPathComponent("signed")
    }

    /// Keeps `note` (a checkpoint of tree size `size`) in the history: a file of its own, 0600,
    /// named by the size so that the files sort in signing order.
    package static func keep(_ note: SignedNote, size: UInt64, store: String) throws(CarelogError) {
        let folder = directory(store: store)
        try OutputFile.makePrivateDirectory(folder)
        let digits = String(size)
        let name = String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".checkpoint"
        try OutputFile.writePrivate(
            Array(note.serialized.utf8), to: (folder as NSString).appendingPathComponent(name),
            displayName: "a signed checkpoint")
    }

    /// Reads the history of the store at `storePath` and checks each entry against `store` (its
    /// Merkle tree: an LMDB store's).
    /// A file that cannot be read as a checkpoint is an error naming it; a store that has never
    /// signed one has an empty history.
    package static func read(store: any EventStore, storePath: String) throws(CarelogError) -> SignedCheckpointHistory {
        let folder = directory(store: storePath)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".checkpoint") }.sorted()
        guard !names.isEmpty else { return SignedCheckpointHistory(entries: []) }
        let logKey = try LogKeyFiles.loadSigner(store: storePath)?.verifierKey
        var entries: [Entry] = []
        for name in names {
            let file = (folder as NSString).appendingPathComponent(name)
            let checkpoint: TransparencyLog.Checkpoint
            let signed: Bool
            do {
                let note = try SignedNote(parsing: Array(FileManager.default.contents(atPath: file) ?? Data()))
                if let logKey, let opened = try? TransparencyLog.Checkpoint.open(note, logKey: logKey) {
                    checkpoint = opened.checkpoint
                    signed = true
                } else {
                    checkpoint = try TransparencyLog.Checkpoint(text: note.text)
                    signed = false
                }
            } catch {
                throw .storeOrIO("the signed checkpoint \(file) cannot be read as a checkpoint (\(error))")
            }
            let tree = store as? LMDBEventStore
            let agrees = (try? tree?.treeRoot(size: checkpoint.size)).map { $0 == checkpoint.rootHash }
            entries.append(
                Entry(
                    size: checkpoint.size, rootHash: checkpoint.rootHash.hex, signedByLogKey: signed,
                    agreesWithTree: agrees))
        }
        return SignedCheckpointHistory(entries: entries)
    }
}
