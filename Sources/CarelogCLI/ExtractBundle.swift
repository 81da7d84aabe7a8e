import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog
import Projections
import TransparencyLog

/// Writes an extract bundle (`carelog extract notifications … --bundle DIR`, `Docs/proofs.md`
/// §10): the JSON extract and its manifest, the signed checkpoint, `proofs.json` (for every row
/// the events it draws on, their inclusion proofs and the disclosures of exactly the cells the
/// row shows) and `bundle.note`, the log's signature over the three files' SHA-256.
///
/// Only fields named in ``provingFields(slot:)`` are ever disclosed: never the stream (which
/// holds the person's id), a person or staff id, or free text; of the pseudonym slot fields,
/// only the recipient's slot's.
enum ExtractBundle {
    /// Columns a logged field can prove, and the fields (of any event the row draws on) that may
    /// prove each. Everything else a row shows is listed as unproved.
    static let logFieldProofs: [String: [String]] = [
        "category": ["payload.category", "payload.correctedCategory"],
        "submittedCategory": ["payload.category"],
        "eventOccurredAt": ["payload.eventOccurredAt", "payload.occurredAt"],
        "becameAwareAt": ["payload.becameAwareAt", "payload.correctedBecameAwareAt"],
        "submittedAt": ["payload.submittedAt"],
        "eFormsReference": ["payload.eFormsReference"],
        "kind": ["payload.kind"],
        "occurredAt": ["payload.occurredAt"],
    ]

    /// ``logFieldProofs``, and for a recipient with pseudonym slot `slot` its slot's fields
    /// proving the pseudonym cells (`Docs/proofs.md` §11): `subject` (a person's, or else the
    /// incident's pseudonym) and `incident`.
    static func provingFields(slot: Int?) -> [String: [String]] {
        guard let slot else { return logFieldProofs }
        var fields = logFieldProofs
        fields["subject"] = [
            PseudonymSlots.fieldName(.person, slot: slot), PseudonymSlots.fieldName(.incident, slot: slot),
        ]
        fields["incident"] = [PseudonymSlots.fieldName(.incident, slot: slot)]
        return fields
    }

    /// The bundle's contents before they are written.
    struct Contents {
        var extract: [UInt8]
        var manifest: [UInt8]
        var checkpoint: SignedNote
        var proofs: BundleProofs
        /// `proofs.json`: ``proofs`` encoded once, the bytes the note signs and the file holds.
        var proofBytes: [UInt8]
        var note: SignedNote
    }

    /// Builds the bundle for a rendered JSON extract whose rows draw on `sources` (one list of
    /// sequences per row, per section, in the extract's order).
    static func build(
        extract: [UInt8], manifest: [UInt8], sources: [[[UInt64]]], checkpoint: SignedNote,
        previous: TransparencyLog.Checkpoint?, store: LMDBEventStore, saltKey: FieldSaltKey,
        pseudonymRoot: PseudonymRootKey?, slot: Int?, signer: NoteSigner
    ) throws(CarelogError) -> Contents {
        let provingFields = Self.provingFields(slot: slot)
        let signed: TransparencyLog.Checkpoint
        do { signed = try TransparencyLog.Checkpoint.open(checkpoint, logKey: signer.verifierKey).checkpoint } catch {
            throw .verificationFailed("the checkpoint is not signed by this store's log key (\(error))")
        }
        let treeSize = signed.size
        let root: MerkleHash
        do { root = try store.treeRoot(size: treeSize) } catch {
            throw .verificationFailed("the store's Merkle tree does not reach the checkpoint's size \(treeSize)")
        }
        guard root == signed.rootHash else {
            throw .verificationFailed("the store's tree at size \(treeSize) does not have the checkpoint's root")
        }
        let sections = try ExtractJSON.rows(extract, file: BundleLayout.extract)
        guard sections.count == sources.count, zip(sections, sources).allSatisfy({ $0.count == $1.count }) else {
            throw .storeOrIO("the extract's rows do not match the projection's (internal error)")
        }
        let needed = Set(sources.joined().joined())
        if let beyond = needed.first(where: { $0 > treeSize }) {
            throw .usage("the extract draws on event \(beyond), beyond the checkpoint's size \(treeSize)")
        }
        var events: [UInt64: (leaf: EventLeaf, fields: [String: FieldDisclosure])] = [:]
        do {
            for sequence in needed {
                var selection = EventSelection()
                selection.fromSequence = sequence
                selection.limit = 1
                guard let event = try store.events(selection).first, event.sequence == sequence else { continue }
                let (leaf, disclosures) = try store.leaf(of: event, saltKey: saltKey, pseudonymRoot: pseudonymRoot)
                events[event.sequence] = (leaf, Dictionary(disclosures.map { ($0.name, $0) }) { first, _ in first })
            }
        } catch {
            throw CarelogError.from(error)
        }
        var disclosed: [UInt64: Set<String>] = [:]
        var rows: [BundleProofs.Row] = []
        for (sectionIndex, section) in sections.enumerated() {
            for (rowIndex, row) in section.enumerated() {
                let sequences = sources[sectionIndex][rowIndex]
                var cells: [BundleProofs.Cell] = []
                var unproved: [String] = []
                for (column, value) in row.sorted(by: { $0.key < $1.key }) where column != "sequence" {
                    guard let text = value else { continue }
                    let proof = provingFields[column].flatMap { names in
                        sequences.lazy.compactMap { sequence -> BundleProofs.Cell? in
                            guard let fields = events[sequence]?.fields else { return nil }
                            return names.first { name in
                                fields[name].flatMap { ExtractJSON.string(fromJSONText: $0.value) } == text
                            }.map { BundleProofs.Cell(column: column, sequence: sequence, field: $0) }
                        }.first
                    }
                    if let proof {
                        cells.append(proof)
                        disclosed[proof.sequence, default: []].insert(proof.field)
                    } else {
                        unproved.append(column)
                    }
                }
                rows.append(
                    .init(
                        section: sectionIndex + 1, row: rowIndex + 1, events: sequences, cells: cells,
                        unproved: unproved))
            }
        }
        var inclusion: [BundleProofs.Inclusion] = []
        for sequence in needed.sorted() {
            guard let event = events[sequence] else { throw .storeOrIO("event \(sequence) is missing from the log") }
            let proof: [MerkleHash]
            do { proof = try store.inclusionProof(sequence: sequence, size: treeSize) } catch {
                throw .storeOrIO("cannot compute the inclusion proof of event \(sequence): \(error)")
            }
            // The leaf recomputed from the event must be the one the signed tree holds: an event
            // edited after the tree covered it (which a signature that checks only what is new
            // does not look at again) yields no bundle, rather than one that fails its checks.
            do {
                try MerkleTree.verifyInclusion(
                    leafHash: event.leaf.leafHash, index: sequence - 1, size: treeSize, proof: proof, rootHash: root)
            } catch {
                throw .verificationFailed(
                    "event \(sequence) no longer matches its leaf in the signed tree (size \(treeSize)): it was changed "
                        + "after the tree covered it; no bundle was written; run `carelog verify`")
            }
            let shown = (disclosed[sequence] ?? []).sorted().compactMap { event.fields[$0] }
            inclusion.append(
                .init(
                    sequence: sequence, leafVersion: event.leaf.version, eventType: event.leaf.eventType,
                    fieldDigests: event.leaf.fieldDigests.map(\.hex),
                    disclosures: shown.map { .init(salt: HexText.encode($0.salt), name: $0.name, value: $0.value) },
                    proof: proof.map(\.hex)))
        }
        var consistency: BundleProofs.Consistency?
        if let previous {
            guard previous.origin == signed.origin else {
                throw .usage("--previous-checkpoint is a checkpoint of another log (\(previous.origin))")
            }
            guard previous.size <= treeSize else {
                throw .usage("--previous-checkpoint (size \(previous.size)) is newer than the bundle's checkpoint")
            }
            let proof: [MerkleHash]
            do {
                guard try store.treeRoot(size: previous.size) == previous.rootHash else {
                    throw CarelogError.verificationFailed(
                        "the log no longer agrees with --previous-checkpoint (size \(previous.size)): it was rewritten")
                }
                proof = try store.consistencyProof(from: previous.size, to: treeSize)
            } catch let error as CarelogError {
                throw error
            } catch {
                throw .storeOrIO("cannot compute the consistency proof: \(error)")
            }
            consistency = .init(oldSize: previous.size, oldRoot: previous.rootHash.base64, proof: proof.map(\.hex))
        }
        let proofs = BundleProofs(
            treeSize: treeSize, pseudonymSlot: slot, rows: rows, inclusion: inclusion, consistency: consistency)
        let proofBytes: [UInt8]
        do { proofBytes = try proofs.jsonBytes() } catch { throw .storeOrIO("cannot encode proofs.json: \(error)") }
        let text = BundleLayout.noteText(
            origin: signed.origin, treeSize: treeSize,
            files: [
                (BundleLayout.extract, extract), (BundleLayout.manifest, manifest), (BundleLayout.proofs, proofBytes),
            ])
        var note: SignedNote
        do {
            note = try SignedNote(text: text)
            try note.sign(with: signer)
        } catch {
            throw .storeOrIO("cannot sign the bundle note: \(error)")
        }
        return Contents(
            extract: extract, manifest: manifest, checkpoint: checkpoint, proofs: proofs, proofBytes: proofBytes,
            note: note)
    }

    /// Writes the bundle into `directory` (created 0700; files 0600). Refuses a non-empty
    /// directory unless `force`.
    static func write(_ contents: Contents, to directory: String, force: Bool) throws(CarelogError) {
        try checkDirectory(directory, force: force)
        try OutputFile.makePrivateDirectory(directory)
        let files: [(String, [UInt8])] = [
            (BundleLayout.extract, contents.extract), (BundleLayout.manifest, contents.manifest),
            (BundleLayout.checkpoint, Array(contents.checkpoint.serialized.utf8)),
            (BundleLayout.proofs, contents.proofBytes), (BundleLayout.note, Array(contents.note.serialized.utf8)),
        ]
        for (name, bytes) in files {
            try OutputFile.write(bytes, to: BundleLayout.path(directory, name), force: true, option: "--bundle")
        }
    }

    /// Refuses an existing non-empty directory (or a file) at `directory` unless `force`.
    static func checkDirectory(_ directory: String, force: Bool) throws(CarelogError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .usage("--bundle \(directory) exists and is not a directory") }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if !entries.isEmpty, !force {
            throw .usage("--bundle \(directory) is not empty; choose a new directory or add --force")
        }
    }
}
