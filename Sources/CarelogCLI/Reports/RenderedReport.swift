import Reports

/// A report or extract as written, with the manifest that binds it to the log position read
/// and to what was asked.
public struct RenderedReport: Hashable, Sendable {
    /// The text written (to standard output or `--output`).
    public var text: String
    /// Its manifest.
    public var manifest: ExtractManifest
}
