import Synchronization

/// Calls `release` (an LMDB store's `releaseMappedPages()`) once every ``interval`` units of an
/// import's work — events appended, lines whose checks read the store back — instead of after
/// each chunk and every few thousand lines.
///
/// An import unmaps the store's pages as it goes so that the pages of the log it writes and
/// reads back do not pile up in its resident memory. Each release costs a system call that drops
/// every page mapped since the last one (and tells the other core to forget them), and the pages
/// the next commit reads (the trees' upper levels) are mapped again at once: released after each
/// 10,000-line chunk and every 4,096 lines, that was 2–4 % of a 1.07M-event import's CPU
/// (`Docs/performance-log.md`, "Mapped pages released by the amount of work"). Once every 65,536
/// units holds the resident pages to those of about that many events.
///
/// Safe from several threads: the appending thread counts the events it appends, the planner
/// the lines it checks; whichever brings the count to ``interval`` releases.
package final class PageReleasePacer: Sendable {
    /// Units of work between two releases by default.
    package static let defaultInterval = 1 << 16

    /// Units of work between two releases.
    package let interval: Int
    private let release: @Sendable () -> Void
    /// Units counted since the last release.
    private let sinceRelease = Mutex(0)

    /// A pacer calling `release` once every `interval` (at least 1) units counted.
    package init(interval: Int = defaultInterval, release: @escaping @Sendable () -> Void) {
        self.interval = max(1, interval)
        self.release = release
    }

    /// Counts `units` more, and releases if ``interval`` units have been counted since the last
    /// release (the count then starts again from what is left over).
    package func count(_ units: Int) {
        let due = sinceRelease.withLock { counted -> Bool in
            counted += max(0, units)
            guard counted >= interval else { return false }
            counted %= interval
            return true
        }
        if due { release() }
    }
}
