#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process-local readers–writer lock: every transaction holds it shared, and growing the
/// memory map holds it exclusively, because LMDB forbids resizing while this process has a
/// transaction open.
///
/// `@unchecked Sendable`: a `pthread_rwlock_t` must stay at one address, so it lives behind a
/// pointer the compiler cannot reason about; the lock is itself the synchronisation.
/// (`Synchronization` has no readers–writer lock.)
final class ReadWriteLock: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func lockShared() { pthread_rwlock_rdlock(lock) }
    func lockExclusive() { pthread_rwlock_wrlock(lock) }
    func unlock() { pthread_rwlock_unlock(lock) }
}
