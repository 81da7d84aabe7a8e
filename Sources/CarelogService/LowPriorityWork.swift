import EventLog
import Foundation

/// Runs blocking work on a thread of its own at a low scheduling priority (nice 10 on Linux,
/// where the nice value is a thread's own), so background work such as report warming takes the
/// cores only when user requests leave them idle. The thread ends when the work does.
enum LowPriorityWork {
    /// The nice value of the thread (0 is normal, 19 the lowest).
    static let niceness: Int32 = 10

    /// Runs `body` on a new low-priority thread and returns its result (or rethrows its error).
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                lowerPriority()
                continuation.resume(with: Result { try body() })
            }.start()
        }
    }

    /// Starts `body` on a new low-priority thread and returns at once (work nothing waits for:
    /// the process may end while it runs).
    static func start(_ body: @escaping @Sendable () -> Void) {
        Thread {
            lowerPriority()
            body()
        }.start()
    }

    /// Lowers the calling thread's priority; a failure leaves it as it was. Work the body splits
    /// across threads (``EventLog/SideWork``) runs at this priority too.
    private static func lowerPriority() {
        SideWork.setNiceness(niceness)
    }
}
