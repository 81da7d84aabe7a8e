import EventLog
import Foundation

/// The files of an extract bundle and the signed note that binds them (`Docs/proofs.md` §10).
enum BundleLayout {
    static let extract = "extract.json"
    static let manifest = "extract.manifest.json"
    static let checkpoint = "checkpoint.txt"
    static let proofs = "proofs.json"
    static let note = "bundle.note"

    /// The files the bundle note hashes, in its order.
    static let hashedFiles = [extract, manifest, proofs]

    /// The first line of a bundle note; it can never be read as a checkpoint of the log
    /// (whose first line is the log's origin, `carelog.<store id>`).
    static let noteHeader = "carelog-bundle/v1"

    /// The bundle note's text: header, origin, tree size, then `<sha256 hex> <file>` a line.
    static func noteText(origin: String, treeSize: UInt64, files: [(name: String, bytes: [UInt8])]) -> String {
        var text = "\(noteHeader)\n\(origin)\n\(treeSize)\n"
        for file in files { text += "\(EventHash.sha256(of: file.bytes).hex) \(file.name)\n" }
        return text
    }

    static func path(_ directory: String, _ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }
}
