import ArgumentParser
import Foundation
import TransparencyLog

/// Proof figures for an extract of `--rows` rows on a log of `--leaves` events: the RFC 9162
/// inclusion proofs of `--rows` random leaves of an in-memory tree (the same node store shape as
/// the LMDB tree), their total size, and the time to generate and to verify them all. The leaf
/// hashes are synthetic (SHA-256 of the index), since a proof's size and cost depend only on
/// the tree's size.
struct ProofBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proofs", abstract: "Inclusion-proof size and time for an extract on a large tree.")

    @Option(help: "Leaves (events) in the tree.") var leaves = 10_000_000
    @Option(help: "Rows (events proved) in the extract.") var rows = 1000
    @Option(name: .customLong("repeat"), help: "Repetitions of each measure.") var repetitions = 3

    func run() throws {
        precondition(leaves > 0 && rows > 0, "--leaves and --rows must be positive")
        func leafHash(_ index: UInt64) -> MerkleHash {
            MerkleHash.leaf(withUnsafeBytes(of: index.bigEndian) { Array($0) })
        }
        var tree = InMemoryMerkleHashStore()
        let build = seconds { for i in 0..<UInt64(leaves) { tree.append(leafHash: leafHash(i)) } }
        let size = tree.treeSize
        let root = tree.rootHash
        // A fixed sample of leaves (SplitMix64, seed 15).
        var state: UInt64 = 15
        let indices = (0..<rows).map { _ -> UInt64 in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (z ^ (z >> 31)) % size
        }
        var generate = Measurement(name: "proofs.generate.\(rows)rows.\(leaves)leaves", unit: "ms", samples: [])
        var verify = Measurement(name: "proofs.verify.\(rows)rows.\(leaves)leaves", unit: "ms", samples: [])
        var proofs: [[MerkleHash]] = []
        for _ in 0..<repetitions {
            generate.samples.append(
                try seconds {
                    proofs = try indices.map { try MerkleTree.inclusionProof(index: $0, size: size, store: tree) }
                }
                    * 1000)
            verify.samples.append(
                try seconds {
                    for (index, proof) in zip(indices, proofs) {
                        try MerkleTree.verifyInclusion(
                            leafHash: leafHash(index), index: index, size: size, proof: proof, rootHash: root)
                    }
                } * 1000)
        }
        let hashes = proofs.reduce(0) { $0 + $1.count }
        print("# tree of \(leaves) leaves built in memory in \(format(build)) s; \(rows) proofs hold \(hashes) hashes")
        print(generate.line)
        print(verify.line)
        print(
            Measurement(name: "proofs.bytes.\(rows)rows.\(leaves)leaves", unit: "B", samples: [Double(hashes * 32)])
                .line)
        print(
            Measurement(
                name: "proofs.hashes-per-row.\(leaves)leaves", unit: "hashes", samples: [Double(hashes) / Double(rows)]
            ).line)
    }
}
