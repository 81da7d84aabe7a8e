import CarelogOperations
import EventLog
import Foundation
import Reports
import TransparencyLog

/// Checks an extract bundle with the published keys alone (`carelog verify-bundle`,
/// `Docs/proofs.md` §10), in this order, and names the first thing that fails (file, row,
/// column or event — never a value): the checkpoint's signatures; the bundle note's signature,
/// origin and size; each event's disclosures against its leaf and its inclusion proof against
/// the signed root; every row of the extract against its proved events and disclosed cells,
/// with no row or event left over; the manifest against the extract's bytes and log position;
/// the three files against the SHA-256s the log signed; the consistency proof from the previous
/// checkpoint.
enum BundleVerifier {
    /// What a successful check found.
    struct Summary: Equatable {
        var origin: String
        var treeSize: UInt64
        var rows: Int
        var events: Int
        var provedCells: Int
        var unprovedCells: Int
        var witnesses: Int
        var consistencyFrom: UInt64?
        /// The recipient's pseudonym slot, when its pseudonym cells are proved.
        var pseudonymSlot: Int?
    }

    static func fail(_ message: String) -> CarelogError { .verificationFailed(message) }

    /// Whether `field` is a pseudonym slot field (`pseudonym/<j>` or `incident/<j>`).
    static func isSlotField(_ field: String) -> Bool {
        field.hasPrefix(PseudonymSlots.Kind.person.fieldPrefix)
            || field.hasPrefix(PseudonymSlots.Kind.incident.fieldPrefix)
    }

    static func read(_ directory: String, _ name: String) throws(CarelogError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: BundleLayout.path(directory, name)) else {
            throw fail("\(name) is missing from the bundle")
        }
        return Array(data)
    }

    static func verify(
        directory: String, logKey: NoteVerifierKey, witnesses: [NoteVerifierKey], previous: SignedNote?
    ) throws(CarelogError) -> Summary {
        let checkpointBytes = try read(directory, BundleLayout.checkpoint)
        let noteBytes = try read(directory, BundleLayout.note)
        let extractBytes = try read(directory, BundleLayout.extract)
        let manifestBytes = try read(directory, BundleLayout.manifest)
        let proofBytes = try read(directory, BundleLayout.proofs)

        // 1. The checkpoint: the log's signature and every named witness's cosignature.
        let checkpoint: TransparencyLog.Checkpoint
        do {
            checkpoint = try TransparencyLog.Checkpoint.open(
                try SignedNote(parsing: checkpointBytes), logKey: logKey, witnessKeys: witnesses,
                requiredWitnesses: witnesses.count
            ).checkpoint
        } catch {
            throw fail("\(BundleLayout.checkpoint): \(error)")
        }
        guard checkpoint.origin == logKey.name else {
            throw fail("\(BundleLayout.checkpoint): its origin is not the log key's name")
        }
        // 2. The bundle note: signed by the log, for this origin and size.
        let noteLines: [Substring]
        do {
            let note = try SignedNote(parsing: noteBytes)
            let verified = try note.verify(with: [logKey])
            guard verified.contains(where: { $0.key == logKey }) else {
                throw SignedNoteError.missingSignature(keyName: logKey.name)
            }
            noteLines = note.text.split(separator: "\n")
        } catch {
            throw fail("\(BundleLayout.note): \(error)")
        }
        guard noteLines.count == 3 + BundleLayout.hashedFiles.count, noteLines[0] == BundleLayout.noteHeader,
            noteLines[1] == checkpoint.origin, noteLines[2] == String(checkpoint.size)
        else { throw fail("\(BundleLayout.note): not a bundle note for this checkpoint's origin and size") }

        // 3. Every event: disclosures recompute digests of its leaf; the leaf is in the tree.
        let proofs: BundleProofs
        do { proofs = try BundleProofs(json: proofBytes) } catch {
            throw fail("\(BundleLayout.proofs): not a \(BundleProofs.formatName) file")
        }
        guard BundleProofs.formatNames.contains(proofs.format) else {
            throw fail("\(BundleLayout.proofs): not a \(BundleProofs.formatName) file")
        }
        guard proofs.treeSize == checkpoint.size else {
            throw fail("\(BundleLayout.proofs): its tree size is not the checkpoint's")
        }
        if let slot = proofs.pseudonymSlot, !(0..<PseudonymRootKey.slotCount).contains(slot) {
            throw fail("\(BundleLayout.proofs): its pseudonym slot is not one a leaf commits to")
        }
        let provingFields = ExtractBundle.provingFields(slot: proofs.pseudonymSlot)
        var disclosed: [UInt64: [String: String]] = [:]
        var previousSequence: UInt64 = 0
        for entry in proofs.inclusion {
            let what = "\(BundleLayout.proofs): event \(entry.sequence)"
            guard entry.sequence > previousSequence else { throw fail("\(what) is repeated or out of order") }
            previousSequence = entry.sequence
            let digests = entry.fieldDigests.compactMap(MerkleHash.init(hex:))
            guard digests.count == entry.fieldDigests.count else { throw fail("\(what): a field digest is not hex") }
            let leaf: EventLeaf
            do {
                leaf = try EventLeaf(
                    sequence: entry.sequence, eventType: entry.eventType, fieldDigests: digests,
                    version: entry.leafVersion ?? 1)
            } catch {
                throw fail("\(what): \(error)")
            }
            var fields: [String: String] = [:]
            for disclosure in entry.disclosures {
                guard let salt = HexText.decode(Array(disclosure.salt.utf8)),
                    let field = try? FieldDisclosure(salt: salt, name: disclosure.name, value: disclosure.value)
                else { throw fail("\(what): the disclosure of \(disclosure.name) is malformed") }
                guard digests.contains(field.digest) else {
                    throw fail("\(what): the disclosed field \(disclosure.name) does not match the logged event")
                }
                fields[disclosure.name] = disclosure.value
            }
            let path = entry.proof.compactMap(MerkleHash.init(hex:))
            guard path.count == entry.proof.count else { throw fail("\(what): a proof hash is not hex") }
            do {
                try MerkleTree.verifyInclusion(
                    leafHash: leaf.leafHash, index: leaf.index, size: checkpoint.size, proof: path,
                    rootHash: checkpoint.rootHash)
            } catch {
                throw fail("\(what): the inclusion proof does not verify against the signed root")
            }
            disclosed[entry.sequence] = fields
        }

        // 4. Every row: backed by proved events, its cells equal to the disclosed fields.
        let sections = try ExtractJSON.rows(extractBytes, file: BundleLayout.extract)
        var used = Set<UInt64>()
        var proved = 0
        var unproved = 0
        var rowIndex = 0
        for (sectionIndex, section) in sections.enumerated() {
            for (index, row) in section.enumerated() {
                let name = "\(BundleLayout.extract) section \(sectionIndex + 1) row \(index + 1)"
                guard rowIndex < proofs.rows.count else { throw fail("\(name) has no proof in \(BundleLayout.proofs)") }
                let proof = proofs.rows[rowIndex]
                rowIndex += 1
                guard proof.section == sectionIndex + 1, proof.row == index + 1 else {
                    throw fail("\(name) has no proof in \(BundleLayout.proofs) (the rows differ)")
                }
                guard let first = proof.events.first, row["sequence"] == .some(String(first)) else {
                    throw fail("\(name), column sequence: not the event the bundle proves for this row")
                }
                for sequence in proof.events {
                    guard disclosed[sequence] != nil else {
                        throw fail("\(name): event \(sequence) it draws on has no inclusion proof")
                    }
                    used.insert(sequence)
                }
                var checked = Set(["sequence"])
                for cell in proof.cells {
                    if Self.isSlotField(cell.field), provingFields[cell.column]?.contains(cell.field) != true {
                        throw fail(
                            "\(name), column \(cell.column): the pseudonym is disclosed from another slot than "
                                + "the recipient's")
                    }
                    guard proof.events.contains(cell.sequence), let value = disclosed[cell.sequence]?[cell.field],
                        provingFields[cell.column]?.contains(cell.field) == true
                    else { throw fail("\(name), column \(cell.column): no disclosed field proves it") }
                    guard let cellValue = row[cell.column] ?? nil,
                        ExtractJSON.string(fromJSONText: value) == cellValue
                    else {
                        throw fail("\(name), column \(cell.column): the cell does not match the disclosed field")
                    }
                    checked.insert(cell.column)
                    proved += 1
                }
                for (column, value) in row where value != nil && !checked.contains(column) {
                    guard proof.unproved.contains(column) else {
                        throw fail("\(name), column \(column): neither proved nor listed as unproved")
                    }
                    unproved += 1
                }
            }
        }
        if rowIndex < proofs.rows.count {
            let extra = proofs.rows[rowIndex]
            throw fail(
                "\(BundleLayout.extract) section \(extra.section) row \(extra.row) is proved in "
                    + "\(BundleLayout.proofs) but missing from the extract")
        }
        if let extra = proofs.inclusion.first(where: { !used.contains($0.sequence) }) {
            throw fail("\(BundleLayout.proofs): event \(extra.sequence) is proved but no row draws on it")
        }

        // 5. The manifest: the extract's bytes and a log position the checkpoint covers.
        let manifest: ExtractManifest
        do { manifest = try ExtractManifest(json: manifestBytes) } catch {
            throw fail("\(BundleLayout.manifest) is not an extract manifest")
        }
        guard manifest.check(extract: extractBytes) == .matches else {
            throw fail("\(BundleLayout.extract): its SHA-256 or length does not match \(BundleLayout.manifest)")
        }
        guard manifest.checkpoint.sequence <= checkpoint.size else {
            throw fail("\(BundleLayout.manifest): its log position is beyond the checkpoint's tree size")
        }
        // 6. The files are the ones the log signed.
        for (offset, name) in BundleLayout.hashedFiles.enumerated() {
            let bytes = [extractBytes, manifestBytes, proofBytes][offset]
            guard noteLines[3 + offset] == "\(EventHash.sha256(of: bytes).hex) \(name)" else {
                throw fail("\(name) is not the file the log signed in \(BundleLayout.note)")
            }
        }
        // 7. The log grew from the checkpoint the recipient held.
        var consistencyFrom: UInt64?
        if let previous {
            let old: TransparencyLog.Checkpoint
            do { old = try TransparencyLog.Checkpoint.open(previous, logKey: logKey).checkpoint } catch {
                throw fail("the previous checkpoint: \(error)")
            }
            guard old.origin == checkpoint.origin else { throw fail("the previous checkpoint is of another log") }
            guard old.size <= checkpoint.size else {
                throw fail(
                    "\(BundleLayout.checkpoint): older than the previous checkpoint (size \(checkpoint.size) < "
                        + "\(old.size)): a replayed or rolled-back checkpoint")
            }
            let path: [MerkleHash]
            if old.size == checkpoint.size || old.size == 0 {
                path = []
            } else {
                guard let consistency = proofs.consistency, consistency.oldSize == old.size,
                    MerkleHash(base64: consistency.oldRoot) == old.rootHash
                else { throw fail("\(BundleLayout.proofs): no consistency proof from the previous checkpoint") }
                path = consistency.proof.compactMap(MerkleHash.init(hex:))
            }
            do {
                try MerkleTree.verifyConsistency(
                    first: old.size, second: checkpoint.size, firstRoot: old.rootHash, secondRoot: checkpoint.rootHash,
                    proof: path)
            } catch {
                throw fail(
                    "the consistency proof from size \(old.size) to \(checkpoint.size) does not verify: the log was "
                        + "rewritten or forked")
            }
            consistencyFrom = old.size
        }
        return Summary(
            origin: checkpoint.origin, treeSize: checkpoint.size, rows: proofs.rows.count,
            events: proofs.inclusion.count, provedCells: proved, unprovedCells: unproved, witnesses: witnesses.count,
            consistencyFrom: consistencyFrom, pseudonymSlot: proofs.pseudonymSlot)
    }
}
