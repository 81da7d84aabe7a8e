import Foundation
import Testing

@testable import CarelogCLI

/// `carelog import` reads its file a block at a time into one buffer used again and again.
@Suite struct InputBlocksTests {
    private func withFile(_ bytes: [UInt8], _ body: (String) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "carelog-blocks-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    @Test(
        "a file comes back whole and in order, in full blocks but for the last, then nil",
        arguments: [0, 1, InputBlocks.blockSize - 1, InputBlocks.blockSize, InputBlocks.blockSize + 1, 2_500_000])
    func blocksGiveTheFile(size: Int) throws {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
        try withFile(bytes) { path in
            let blocks = try InputBlocks(path: path)
            var read: [UInt8] = []
            var sizes: [Int] = []
            while let block = try blocks.next() {
                read.append(contentsOf: block)
                sizes.append(block.count)
            }
            #expect(read == bytes)
            #expect(sizes.dropLast().allSatisfy { $0 == InputBlocks.blockSize })
            #expect(sizes.last.map { $0 > 0 && $0 <= InputBlocks.blockSize } ?? true)
            #expect(try blocks.next() == nil)
        }
    }

    @Test("a block still held when the next is read keeps its bytes")
    func heldBlockIsNotOverwritten() throws {
        let size = InputBlocks.blockSize * 2 + 10
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 / InputBlocks.blockSize + 1) }
        try withFile(bytes) { path in
            let blocks = try InputBlocks(path: path)
            let first = try #require(try blocks.next())
            let second = try #require(try blocks.next())
            let third = try #require(try blocks.next())
            #expect(first.allSatisfy { $0 == 1 } && first.count == InputBlocks.blockSize)
            #expect(second.allSatisfy { $0 == 2 } && second.count == InputBlocks.blockSize)
            #expect(third == [UInt8](repeating: 3, count: 10))
        }
    }
}
