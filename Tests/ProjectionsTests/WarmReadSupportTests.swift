import Dispatch
import Testing

@testable import Projections

/// The two helpers around a warm report's state: freeing it off the report's path, and reading
/// it on the allocator's large pages. Neither may change what the caller gets.
@Suite struct WarmReadSupportTests {
    private final class Watched {
        let dropped: DispatchSemaphore
        init(_ dropped: DispatchSemaphore) { self.dropped = dropped }
        deinit { dropped.signal() }
    }

    @Test("a value handed to the background release is dropped there, soon after")
    func backgroundReleaseDropsTheValue() {
        let dropped = DispatchSemaphore(value: 0)
        BackgroundRelease.release([Watched(dropped), Watched(dropped)])
        #expect(dropped.wait(timeout: .now() + 10) == .success)
        #expect(dropped.wait(timeout: .now() + 10) == .success)
    }

    private struct Refused: Error, Equatable {}

    @Test("work run on large pages returns its value and throws its error unchanged, also when nested")
    func largePagesLeaveResultsUnchanged() throws {
        let value = LargePageAllocation.during { LargePageAllocation.during { Array(0..<100_000) } }
        #expect(value == Array(0..<100_000))
        #expect(throws: Refused.self) {
            try LargePageAllocation.during { () throws(Refused) -> Int in throw Refused() }
        }
        #expect(LargePageAllocation.during { 7 } == 7)
    }
}
