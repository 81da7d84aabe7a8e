import CareRecord
import Dispatch
import Synchronization
import Testing

@Suite("PageReleasePacer: the store's pages are released once per interval of work, however it is counted")
struct PageReleasePacerTests {
    /// How many times a pacer released.
    final class Releases: Sendable {
        let count = Mutex(0)
        var made: Int { count.withLock { $0 } }
    }

    /// A pacer over `interval` units that counts its releases.
    func pacer(interval: Int) -> (PageReleasePacer, Releases) {
        let releases = Releases()
        let pacer = PageReleasePacer(interval: interval) { releases.count.withLock { $0 += 1 } }
        return (pacer, releases)
    }

    @Test("nothing is released before the interval is reached, and once when it is")
    func releasesWhenTheIntervalIsReached() {
        let (pacer, releases) = pacer(interval: 100)
        pacer.count(60)
        pacer.count(39)
        #expect(releases.made == 0)
        pacer.count(1)
        #expect(releases.made == 1)
        pacer.count(99)
        #expect(releases.made == 1)
    }

    @Test("what passes the interval counts towards the next release")
    func leftoverCountsTowardsTheNext() {
        let (pacer, releases) = pacer(interval: 100)
        pacer.count(150)
        #expect(releases.made == 1)
        pacer.count(49)
        #expect(releases.made == 1)
        pacer.count(1)
        #expect(releases.made == 2)
    }

    @Test("an appending thread and a planner counting at once lose no unit")
    func countsFromSeveralThreads() {
        let (pacer, releases) = pacer(interval: 1000)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { pacer.count(1) }
        }
        #expect(releases.made == 80)
    }
}
