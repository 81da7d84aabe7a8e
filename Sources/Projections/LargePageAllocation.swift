import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work that allocates a large state at once (a saved fold state read back: at 10.7M events
/// a table of hundreds of thousands of visits in flight, tens of MB) with the allocator's large
/// (2 MiB) pages, so the kernel maps it in a few faults instead of one per 4 KiB page: in a
/// fresh `carelog report` process the warm compliance report took 10,136 page faults with 4 KiB
/// pages and 1,890 with large ones.
///
/// The executables link mimalloc (`Package.swift`, `allocatorLinkerSettings`); its option is
/// looked up at run time (`dlsym`), so the library targets and the tests, which keep the system
/// allocator, run `body` unchanged. The option is process-wide: it is turned on while at least
/// one such read runs and back to its start-up value after the last one, and left alone when it
/// was on from the start (`MIMALLOC_LARGE_OS_PAGES=1`).
enum LargePageAllocation {
    /// mimalloc's `mi_option_get` and `mi_option_set`.
    private struct Options: @unchecked Sendable {
        let get: @convention(c) (Int32) -> Int
        let set: @convention(c) (Int32, Int) -> Void
    }

    /// `mi_option_large_os_pages` (`mi_option_allow_large_os_pages` in mimalloc 2.1): 6 in both.
    private static let largeOSPages: Int32 = 6

    /// mimalloc's option functions, when it is the process's allocator and large pages are off.
    private static let options: Options? = {
        #if os(Linux)
        // `RTLD_DEFAULT` (a null handle): the symbols the process binds to, mimalloc's if linked.
        guard let get = dlsym(nil, "mi_option_get"), let set = dlsym(nil, "mi_option_set") else { return nil }
        let options = Options(
            get: unsafeBitCast(get, to: (@convention(c) (Int32) -> Int).self),
            set: unsafeBitCast(set, to: (@convention(c) (Int32, Int) -> Void).self))
        return options.get(largeOSPages) == 0 ? options : nil
        #else
        return nil
        #endif
    }()

    /// Reads running now.
    private static let running = Atomic<Int>(0)

    /// Runs `body` with large pages on. Overlapping calls from several threads may leave one of
    /// them with small pages for a moment; only speed depends on the option, never a result.
    static func during<Value, Failure: Error>(_ body: () throws(Failure) -> Value) throws(Failure) -> Value {
        guard let options else { return try body() }
        if running.add(1, ordering: .sequentiallyConsistent).newValue == 1 { options.set(largeOSPages, 1) }
        defer {
            if running.subtract(1, ordering: .sequentiallyConsistent).newValue == 0 { options.set(largeOSPages, 0) }
        }
        return try body()
    }
}
