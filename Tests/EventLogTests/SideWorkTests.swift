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
        #expect(seen == [12, 12, 12, 12])
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
        #expect(seen == 12)
    }

    @Test func aNormalCallersWorkStaysAtNormalPriority() {
        let niceness = Mutex([Int32](repeating: -1, count: 3))
        SideWork.perform(iterations: 3) { i in
            let value = SideWork.callerNiceness
            niceness.withLock { $0[i] = value }
        }
        #expect(niceness.withLock { $0 } == [0, 0, 0])
    }

    /// Runs `body` on a new thread lowered to nice 12 (the thread ends with it).
    private func onLowPriorityThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread {
                SideWork.setNiceness(12)
                continuation.resume(returning: body())
            }.start()
        }
    }
    #endif
}
