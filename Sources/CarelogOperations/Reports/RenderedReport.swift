import Reports

/// A report or extract as written, with the manifest that binds it to the log position read
/// and to what was asked.
package struct RenderedReport: Hashable, Sendable {
    /// The text written (to standard output or `--output`).
    package var text: String
    /// Its manifest.
    package var manifest: ExtractManifest
}
