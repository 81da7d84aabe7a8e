import CarelogOperations
import Synchronization

/// Text output kept in memory, for tests that run commands in-process.
package final class CapturedOutput: TextOutput, Sendable {
    private let storage = Mutex("")

    /// An empty buffer.
    package init() {}

    /// Everything written so far.
    package var text: String { storage.withLock { $0 } }

    package func write(_ text: String) { storage.withLock { $0 += text } }

    package func flush() {}
}
