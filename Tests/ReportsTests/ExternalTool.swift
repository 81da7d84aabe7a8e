import Foundation

/// Runs a program installed on the machine (chromium, libreoffice, pdftotext) for the print and
/// Word tests; tests that need one are skipped with a message when it is not installed.
enum ExternalTool {
    /// The program's path on `PATH`, or nil when it is not installed.
    static func path(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `name` with `arguments`, returning its exit status and standard output.
    @discardableResult
    static func run(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        guard let path = path(name) else { throw ToolMissing(name: name) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A fresh private directory for one test's files.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The text of a PDF as `pdftotext -layout` lays it out.
    static func pdfText(_ pdf: URL) throws -> String {
        try run("pdftotext", ["-layout", pdf.path, "-"]).output
    }

    /// Whether every word of `title` is in `text` (a header may wrap over lines in its cell).
    static func containsWords(of title: String, in text: String) -> Bool {
        title.split(separator: " ").allSatisfy { text.contains($0) }
    }

    struct ToolMissing: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not installed" }
    }
}
