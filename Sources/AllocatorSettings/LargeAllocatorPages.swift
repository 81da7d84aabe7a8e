#if canImport(Glibc)
import Glibc
#endif

/// Turns on the allocator's large (2 MiB) pages for a process that reads a projection's saved
/// state: a warm report decodes a state of tens of MB at once (at 10.7M events, hundreds of
/// thousands of visits in flight), and with 4 KiB pages the kernel maps it one page fault at a
/// time — 10,100 faults in a fresh `carelog report compliance` at the head of the 10.7M demo,
/// 1,900 with large pages (`Docs/performance-log.md`, "Warm reports at 10.7M").
///
/// The executables link mimalloc (`Package.swift`, `allocatorLinkerSettings`); its option is
/// looked up at run time (`dlsym`), so the library targets and the tests, which keep the system
/// allocator, are unchanged. Called once at start-up, before the process allocates much: set in
/// the middle of a run it maps only the state's new memory on large pages, which the kernel
/// must then clear all at once (slower than small pages in a process that has just freed a
/// whole-log fold).
package enum LargeAllocatorPages {
    /// `mi_option_large_os_pages` (`mi_option_allow_large_os_pages` in mimalloc 2.1): 6 in both.
    private static let largeOSPages: Int32 = 6

    /// Turns large pages on when mimalloc is the process's allocator; otherwise does nothing.
    package static func turnOn() {
        #if os(Linux)
        // `RTLD_DEFAULT` (a null handle): the symbol the process binds to, mimalloc's if linked.
        guard let set = dlsym(nil, "mi_option_set") else { return }
        unsafeBitCast(set, to: (@convention(c) (Int32, Int) -> Void).self)(largeOSPages, 1)
        #endif
    }
}
