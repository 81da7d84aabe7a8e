import Testing

@testable import AllocatorSettings

/// The test binaries keep the system allocator: turning large pages on must find no mimalloc
/// option and leave the process as it was.
@Suite struct LargeAllocatorPagesTests {
    @Test("turning large pages on without mimalloc linked does nothing, and allocation goes on as before")
    func withoutMimallocNothingChanges() {
        LargeAllocatorPages.turnOn()
        LargeAllocatorPages.turnOn()
        let table = Dictionary(uniqueKeysWithValues: (0..<50_000).map { ("V\($0)", $0) })
        #expect(table.count == 50_000)
        #expect(table["V49999"] == 49_999)
    }
}
