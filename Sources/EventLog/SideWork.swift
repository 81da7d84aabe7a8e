import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Work run on other threads beside the calling one, at the calling thread's scheduling
/// priority. Verification, tree building and projection decoding split their work across the
/// cores; when a service runs them in the background on a low-priority thread (nice 10: its
/// first full check of the log, report warming), the helper threads must be low-priority too, or
/// they take the cores from the requests being served. Dispatch's shared threads run at the
/// priority they were started with, whoever queued the work, so a low-priority caller gets
/// threads of its own (a new thread starts at its creator's nice value, and it is also set
/// explicitly); a normal caller keeps Dispatch's threads and pays nothing.
package enum SideWork {
    /// The calling thread's nice value (0 is normal, 19 the lowest; Linux keeps one per
    /// thread). 0 where it cannot be read.
    package static var callerNiceness: Int32 {
        #if os(Linux)
        errno = 0
        let value = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        return errno == 0 ? value : 0
        #else
        return 0
        #endif
    }

    /// Runs `body` for each of `0..<iterations` side by side and returns once all have run, as
    /// `DispatchQueue.concurrentPerform` does; a low-priority caller runs iteration 0 itself and
    /// the others on threads at its priority.
    package static func perform(iterations: Int, _ body: @Sendable (Int) -> Void) {
        guard iterations > 0 else { return }
        let niceness = callerNiceness
        guard niceness > 0, iterations > 1 else {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            // A thread object keeps its block after it has run, so each thread is handed `body`
            // in a slot it empties before it says it is done: nothing holds `body` once every
            // thread has, which `withoutActuallyEscaping` checks.
            let done = DispatchGroup()
            for iteration in 1..<iterations {
                let slot = WorkSlot(escapable)
                done.enter()
                Thread {
                    setNiceness(niceness)
                    slot.run(iteration)
                    done.leave()
                }.start()
            }
            escapable(0)
            done.wait()
        }
    }

    /// Holds the work of one thread of ``perform(iterations:_:)`` until it has run.
    private final class WorkSlot: @unchecked Sendable {
        // @unchecked: `work` is set before the thread starts and read and cleared by it alone.
        private var work: (@Sendable (Int) -> Void)?
        init(_ work: @escaping @Sendable (Int) -> Void) { self.work = work }
        func run(_ iteration: Int) {
            work?(iteration)
            work = nil
        }
    }

    /// Runs `body` on another thread at the caller's priority and returns at once: on `queue`
    /// for a normal caller, on a thread of its own for a low-priority one.
    package static func start(on queue: DispatchQueue, _ body: @escaping @Sendable () -> Void) {
        let niceness = callerNiceness
        guard niceness > 0 else {
            queue.async(execute: body)
            return
        }
        Thread {
            setNiceness(niceness)
            body()
        }.start()
    }

    /// Sets the calling thread's nice value; a failure leaves it as it was.
    package static func setNiceness(_ niceness: Int32) {
        #if os(Linux)
        // PRIO_PROCESS with id 0 is the calling thread on Linux (the nice value is per thread).
        if callerNiceness != niceness { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
        #endif
    }
}
