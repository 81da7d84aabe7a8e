import Foundation

/// The stand-alone Python verifier printed in `Docs/proofs.md` (between its BEGIN/END marker
/// lines), cut from the doc and run with `python3`, so tests of every module that issues proofs
/// check them against the documented verifier and the doc cannot drift from the code.
package enum DocumentedPythonVerifier {
    /// The package's root directory (this file is `Tests/TestSupport/…`).
    package static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Whether `python3` with the `cryptography` package (for Ed25519) is installed; the suites
    /// that need the verifier are skipped otherwise.
    package static let isAvailable: Bool =
        (try? run(["-c", "import cryptography.hazmat.primitives.asymmetric.ed25519"]).status) == 0

    /// The verifier's source, cut from the doc between its marker lines.
    package static func script() throws -> String {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("Docs/proofs.md"), encoding: .utf8)
        let begin = "# --- BEGIN carelog_verify.py ---\n"
        guard let start = doc.range(of: begin),
            let stop = doc.range(of: "# --- END carelog_verify.py ---", range: start.upperBound..<doc.endIndex)
        else { throw CocoaError(.fileReadCorruptFile) }
        return String(doc[start.upperBound..<stop.lowerBound])
    }

    /// Runs `python3` with `arguments`, returning its exit status and its standard output and
    /// error together.
    package static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
