import Reports

/// A report or extract as written, with the manifest that binds it to the log position read
/// and to what was asked.
package struct RenderedReport: Hashable, Sendable {
    /// The bytes written (to standard output or `--output`): UTF-8 text, or a `.docx` package.
    package var bytes: [UInt8]
    /// Its manifest (its SHA-256 is over ``bytes``).
    package var manifest: ExtractManifest
    /// Whether ``bytes`` is binary (`.docx`), so never written to a terminal.
    package var isBinary: Bool

    /// A text report.
    package init(text: String, manifest: ExtractManifest) {
        self.init(bytes: Array(text.utf8), manifest: manifest, isBinary: false)
    }

    /// A report as bytes.
    package init(bytes: [UInt8], manifest: ExtractManifest, isBinary: Bool) {
        self.bytes = bytes
        self.manifest = manifest
        self.isBinary = isBinary
    }

    /// The bytes as text (meaningful only when not ``isBinary``).
    package var text: String { String(decoding: bytes, as: UTF8.self) }
}
