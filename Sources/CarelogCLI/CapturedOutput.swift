import Synchronization

/// Text output kept in memory, for tests that run commands in-process.
public final class CapturedOutput: TextOutput, Sendable {
    private let storage = Mutex("")

    /// An empty buffer.
    public init() {}

    /// Everything written so far.
    public var text: String { storage.withLock { $0 } }

    public func write(_ text: String) { storage.withLock { $0 += text } }

    public func flush() {}
}
