import Foundation
import Synchronization
import Testing

@testable import EventLog

#if canImport(Glibc)
import Glibc
#endif

/// Split work runs every part once and, for a low-priority caller, at the caller's priority:
/// a service's background verification must not take the cores from its requests.
@Suite struct SideWorkTests {
    @Test func everyIterationRunsOnceBeforePerformReturns() {
        for iterations in [0, 1, 2, 5] {
            let runs = Mutex([Int](repeating: 0, count: iterations))
            SideWork.perform(iterations: iterations) { i in runs.withLock { $0[i] += 1 } }
            #expect(runs.withLock { $0 } == [Int](repeating: 1, count: iterations))
        }
    }

    #if os(Linux)
    @Test func aLowPriorityCallersIterationsRunAtItsPriority() async {
        let seen = await onLowPriorityThread { () -> [Int32] in
            let niceness = Mutex([Int32](repeating: -1, count: 4))
            SideWork.perform(iterations: 4) { i in
                let value = SideWork.callerNiceness
                niceness.withLock { $0[i] = value }
            }
            return niceness.withLock { $0 }
        }
        #expect(seen == [Int32](repeating: Self.lowered, count: 4))
    }

    /// The threads must let go of the work before `perform` returns (a thread object keeps its
    /// block after it has run; the runtime traps when a non-escaping closure outlives its call).
    @Test func aLowPriorityCallersWorkIsNotKeptAfterPerformReturns() async {
        let total = await onLowPriorityThread { () -> Int in
            let count = Mutex(0)
            for _ in 0..<300 {
                SideWork.perform(iterations: 3) { _ in count.withLock { $0 += 1 } }
            }
            return count.withLock { $0 }
        }
        #expect(total == 900)
    }

    @Test func workStartedByALowPriorityCallerRunsAtItsPriority() async {
        let seen = await onLowPriorityThread { () -> Int32 in
            let done = DispatchSemaphore(value: 0)
            let niceness = Mutex<Int32>(-1)
            SideWork.start(on: .global()) {
                niceness.withLock { $0 = SideWork.callerNiceness }
                done.signal()
            }
            done.wait()
            return niceness.withLock { $0 }
        }
        #expect(seen == Self.lowered)
    }

    /// The nice value the tests lower a thread to: 12, or the process's own if lower still (a
    /// thread may not raise its priority without privilege).
    private static let lowered = max(12, SideWork.callerNiceness)

    /// Runs `body` on a new thread lowered to ``lowered`` (the thread ends with it).
    private func onLowPriorityThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread {
                SideWork.setNiceness(Self.lowered)
                continuation.resume(returning: body())
            }.start()
        }
    }
    #endif
}
