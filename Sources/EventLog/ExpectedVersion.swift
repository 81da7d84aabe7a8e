/// What a writer believes about a stream before appending to it (optimistic concurrency).
public enum ExpectedVersion: Hashable, Sendable, CustomStringConvertible {
    /// Append whatever the stream's version is.
    case any
    /// Append only if the stream has no events yet.
    case noStream
    /// Append only if the stream's last version is exactly this.
    case exactly(UInt32)

    /// Whether a stream whose current version is `actual` (0 for no stream) satisfies this.
    package func isSatisfied(byCurrentVersion actual: UInt32) -> Bool {
        switch self {
        case .any: return true
        case .noStream: return actual == 0
        case .exactly(let v): return actual == v
        }
    }

    /// `any`, `no stream`, or the version number.
    public var description: String {
        switch self {
        case .any: return "any"
        case .noStream: return "no stream"
        case .exactly(let v): return String(v)
        }
    }
}
