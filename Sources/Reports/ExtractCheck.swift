/// The result of checking an extract against its manifest.
public enum ExtractCheck: Hashable, Sendable {
    /// The bytes hash to the manifest's SHA-256.
    case matches
    /// They do not: the extract was changed (or is not the one described).
    case mismatch(expectedSHA256: String, actualSHA256: String, expectedBytes: Int, actualBytes: Int)
}
