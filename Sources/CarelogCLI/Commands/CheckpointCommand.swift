import ArgumentParser
import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog

/// `carelog checkpoint`: prints or saves the log's checkpoint.
package struct CheckpointCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Print or save the checkpoint: store id, head sequence and hash.",
        discussion: """
            Hand the checkpoint to an auditor; `carelog verify --checkpoint FILE` later proves \
            nothing at or before it has changed. The file is created 0600, never inside a store, \
            and an existing file is replaced only with --force.

            Example:
              carelog checkpoint --output board-2020-03.checkpoint.json
              carelog checkpoint --known-at 1200

            With --sign, checks what is new since the last signed checkpoint (the tree still has \
            that checkpoint's root at its size; from the position verified when it was signed, \
            saved in <store>/keys: the later events' chain links and index entries, and their \
            leaves recomputed), extends the tree to the head, then prints a C2SP signed \
            checkpoint (origin carelog.<store id>, tree size, root hash) signed with the store's \
            Ed25519 key (created on first use in <store>/keys, owner-only, never printed). \
            --full checks the whole log instead (the hash chain, the indexes and every leaf the \
            tree covers), as the first signature and one without a usable saved position do. \
            --vkey prints the public key to publish.
              carelog checkpoint --sign --output 2020-03-31.checkpoint
              carelog checkpoint --sign --full
              carelog checkpoint --vkey
            """)

    @OptionGroup package var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Save to this file (created 0600) instead of printing.", valueName: "file"))
    package var output: String?

    @Flag(name: .long, help: "Replace an existing --output file.")
    package var force = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The checkpoint as known at a sequence number, an instant or the end of a date.", valueName: "seq|timestamp"
        ))
    package var knownAt: KnownAtArgument?

    @Flag(name: .long, help: "Verify, then print a signed C2SP checkpoint over the Merkle tree.")
    package var sign = false

    @Flag(
        name: .long,
        help:
            "With --sign: check the whole log (chain, indexes, every leaf), not only what is new since the last signature."
    )
    package var full = false

    @Flag(name: .long, help: "Print the public key (vkey line) that checks the store's signed checkpoints.")
    package var vkey = false

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let storePath = storeOptions.path(in: environment)
        if let output { try OutputFile.check(output, force: force, store: storePath) }
        if full, !sign { throw CarelogError.usage("--full goes with --sign") }
        if sign || vkey {
            guard knownAt == nil, !(sign && vkey) else {
                throw CarelogError.usage("--sign and --vkey go alone: a signed checkpoint is always over the whole log")
            }
            let store = try StoreAccess.open(storePath, environment)
            let text = try CheckpointSigning.text(vkey: vkey, full: full, store, storePath: storePath, environment)
            guard let output else { return environment.output.write(text) }
            try OutputFile.write(Array(text.utf8), to: output, force: force, store: storePath)
            environment.output.line("saved \(vkey ? "the public key" : "the signed checkpoint") to \(output)")
            return
        }
        let store = try StoreAccess.open(storePath, environment, readOnly: true)
        let point = knownAt?.knownAt ?? .head
        try ReportWiring.checkKnownAt(point, store: store)
        let checkpoint: Checkpoint
        do { checkpoint = try store.checkpoint(knownAt: point) } catch { throw CarelogError.from(error) }
        let json = CheckpointFile.json(checkpoint)
        guard let output else {
            environment.output.write(json)
            return
        }
        try OutputFile.write(Array(json.utf8), to: output, force: force, store: storePath)
        environment.output.line(
            "saved checkpoint (sequence \(checkpoint.sequence), hash \(checkpoint.headHash.hex)) to \(output)")
    }
}
