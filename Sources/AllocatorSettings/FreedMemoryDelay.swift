#if canImport(Glibc)
import Glibc
#endif

/// How long the allocator the executables link (mimalloc, `Package.swift`) keeps freed memory
/// before handing it back to the system, set at run time and only when that allocator is the one
/// in the process: the test binaries and the library targets keep the system allocator, and then
/// nothing is changed.
package enum FreedMemoryDelay {
    /// mimalloc 2's option slot for the delay before freed memory is handed back to the system
    /// (`mi_option_decommit_delay` in 2.0, `mi_option_purge_delay` in 2.1 and later: the same slot).
    private static let decommitDelayOption: Int32 = 15
    /// How long freed memory is kept for reuse before it is handed back, in milliseconds.
    package static let importDecommitDelay = 1000

    /// Keeps memory freed by an import for ``importDecommitDelay`` ms before handing it back
    /// (mimalloc's default is 25 ms): an import frees and allocates its chunks' arrays over and
    /// over, and memory handed back in between costs an `madvise` and then a page fault (a page
    /// cleared by the kernel) for every page touched again. The resident size grows by a few
    /// megabytes at most (the memory freed in the last second, reused first).
    package static func keepFreedMemoryForImport() {
        #if canImport(Glibc)
        guard let version = dlsym(nil, "mi_version"), let set = dlsym(nil, "mi_option_set") else { return }
        let mimallocVersion = unsafeBitCast(version, to: (@convention(c) () -> Int32).self)()
        guard (200..<300).contains(mimallocVersion) else { return }
        unsafeBitCast(set, to: (@convention(c) (Int32, CLong) -> Void).self)(
            decommitDelayOption, CLong(importDecommitDelay))
        #endif
    }
}
