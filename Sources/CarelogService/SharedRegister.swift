import Projections

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The service's ``Projections/AccessRegister`` behind a readers–writer lock: access decisions
/// read it together (a shared hold each), and a catch-up folds newer events into it alone (an
/// exclusive hold), in place.
///
/// Under load every append moves the log's head, so a plain mutex made every decision of every
/// request queue behind every other one; with shared holds, decisions wait only while a
/// catch-up folds. Writers are preferred (on Glibc), so a steady stream of decisions cannot
/// starve the catch-up they are waiting to see.
///
/// `@unchecked Sendable`: the register is read only under a shared hold and changed only under
/// the exclusive one; a `pthread_rwlock_t` must stay at one address, so it lives behind a
/// pointer. (`Synchronization` has no readers–writer lock.)
final class SharedRegister: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    private var register: AccessRegister

    /// Holds `register`.
    init(_ register: AccessRegister) {
        self.register = register
        lock = .allocate(capacity: 1)
        #if canImport(Glibc)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        pthread_rwlock_init(lock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
        #else
        pthread_rwlock_init(lock, nil)
        #endif
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Runs `body` on the register under a shared hold (other readers run alongside). A decision
    /// keeps nothing of it: a copy still alive at the next catch-up makes that catch-up copy the
    /// columns it changes (``RegisterGate/currentRegister(store:)`` hands one out on purpose, and
    /// ``RegisterGate/saveRegister(in:)`` keeps one while it writes the saved state).
    func read<T>(_ body: (AccessRegister) throws -> T) rethrows -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body(register)
    }

    /// Runs `body` on the register under the exclusive hold (no reader or other writer runs).
    func update<T>(_ body: (inout AccessRegister) throws -> T) rethrows -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body(&register)
    }
}
