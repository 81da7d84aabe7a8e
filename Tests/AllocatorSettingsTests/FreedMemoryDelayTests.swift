import Testing

@testable import AllocatorSettings

/// The import's allocator setting is made only where mimalloc is the process's allocator.
@Suite struct FreedMemoryDelayTests {
    @Test("tuning the allocator for an import does nothing where mimalloc is not linked (the test binary)")
    func allocatorTuningWithoutMimalloc() {
        FreedMemoryDelay.keepFreedMemoryForImport()
        let buffer = [UInt8](repeating: 7, count: 1 << 20)
        #expect(buffer.allSatisfy { $0 == 7 })
    }
}
