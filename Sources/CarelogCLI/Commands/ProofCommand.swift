import ArgumentParser
import CarelogOperations
import Foundation
import LMDBEventLog
import TransparencyLog

/// `carelog proof`: inclusion and consistency proofs from the store's Merkle tree.
package struct ProofCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Print Merkle inclusion or consistency proofs (one hex hash a line).",
        discussion: """
            Proofs are over the tree as the last `carelog checkpoint --sign` (or `carelog verify \\
            --rebuild-tree`) left it; sizes beyond it are refused.

            Example:
              carelog proof consistency --from 1200 --to 1500 > 1200-1500.proof
              carelog proof inclusion --sequence 42 --size 1500
            """,
        subcommands: [ProofConsistencyCommand.self, ProofInclusionCommand.self])

    package init() {}
}

/// `carelog proof consistency`.
package struct ProofConsistencyCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "consistency", abstract: "Print the RFC 9162 consistency proof between two tree sizes.")

    @OptionGroup package var storeOptions: StoreOptions
    @Option(name: .long, help: "The earlier tree size (a checkpoint the recipient holds).") package var from: UInt64
    @Option(name: .long, help: "The later tree size (default: the whole tree).") package var to: UInt64?

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let store = try StoreAccess.open(storeOptions.path(in: environment), environment, readOnly: true)
        let size = try ProofText.treeSize(store)
        let second = to ?? size
        try ProofText.check(second, size)
        guard from <= second else { throw CarelogError.usage("--from (\(from)) must not exceed --to (\(second))") }
        environment.output.write(
            ProofText.lines(try ProofText.run { try store.consistencyProof(from: from, to: second) }))
    }
}

/// `carelog proof inclusion`.
package struct ProofInclusionCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "inclusion", abstract: "Print the RFC 9162 audit path of one event in a tree size.")

    @OptionGroup package var storeOptions: StoreOptions
    @Option(name: .long, help: "The event's sequence number (leaf index + 1).") package var sequence: UInt64
    @Option(name: .long, help: "The tree size (default: the whole tree).") package var size: UInt64?

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let store = try StoreAccess.open(storeOptions.path(in: environment), environment, readOnly: true)
        let treeSize = try ProofText.treeSize(store)
        let size = size ?? treeSize
        try ProofText.check(size, treeSize)
        guard (1...max(1, size)).contains(sequence), size > 0 else {
            throw CarelogError.usage("--sequence must be between 1 and the tree size (\(size))")
        }
        environment.output.write(
            ProofText.lines(try ProofText.run { try store.inclusionProof(sequence: sequence, size: size) }))
    }
}

/// Proof files: one lower-case hex hash a line, in proof order.
enum ProofText {
    static func lines(_ proof: [MerkleHash]) -> String { proof.map { $0.hex + "\n" }.joined() }

    /// Parses a proof file; names the bad line, never echoes it.
    static func parse(_ text: String, file: String) throws(CarelogError) -> [MerkleHash] {
        var proof: [MerkleHash] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let hash = MerkleHash(hex: trimmed) else {
                throw .invalidInput("\(file) line \(number + 1): expected 64 hex digits (one proof hash a line)")
            }
            proof.append(hash)
        }
        return proof
    }

    static func treeSize(_ store: LMDBEventStore) throws(CarelogError) -> UInt64 {
        do { return try store.treeSize() } catch { throw CarelogError.from(error) }
    }

    static func check(_ size: UInt64, _ treeSize: UInt64) throws(CarelogError) {
        guard size <= treeSize else {
            throw .usage(
                "the Merkle tree covers \(treeSize) events, fewer than \(size); run `carelog checkpoint --sign` first")
        }
    }

    static func run(_ body: () throws -> [MerkleHash]) throws(CarelogError) -> [MerkleHash] {
        do { return try body() } catch { throw .storeOrIO("cannot compute the proof: \(error)") }
    }
}
