import Crypto
import Testing

@testable import TransparencyLog

@Suite("SHA-256 on an inline state gives swift-crypto's digests")
struct SHA256StreamTests {
    /// Deterministic bytes (a linear congruential sequence), so a failure can be reproduced.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    @Test("every length up to five blocks, fed whole and split at every offset of a block, hashes as swift-crypto does")
    func everyLengthAndSplit() {
        for length in 0...320 {
            let message = Self.bytes(length, seed: UInt64(length))
            let expected = Array(SHA256.hash(data: message))
            var whole = SHA256Stream()
            message.withUnsafeBytes { whole.update($0) }
            #expect(whole.finalize().bytes == expected, "length \(length)")
            for split in stride(from: 0, through: length, by: max(1, length / 9)) {
                var parts = SHA256Stream()
                message.withUnsafeBytes {
                    parts.update(UnsafeRawBufferPointer(rebasing: $0[..<split]))
                    parts.update(UnsafeRawBufferPointer(rebasing: $0[split...]))
                }
                #expect(parts.finalize().bytes == expected, "length \(length) split at \(split)")
            }
        }
    }

    @Test("a copy of a stream that absorbed a prefix continues from that prefix; the original is unchanged")
    func copiesShareThePrefix() {
        let prefix = Self.bytes(70, seed: 1)
        let base = prefix.withUnsafeBytes { SHA256Stream(absorbing: $0) }
        for suffix in [Self.bytes(0, seed: 2), Self.bytes(5, seed: 3), Self.bytes(200, seed: 4)] {
            var copy = base
            suffix.withUnsafeBytes { copy.update($0) }
            #expect(copy.finalize().bytes == Array(SHA256.hash(data: prefix + suffix)))
        }
        var original = base
        #expect(original.finalize().bytes == Array(SHA256.hash(data: prefix)))
    }

    @Test("digests order as their bytes do")
    func digestsOrderAsBytes() {
        var digests: [SHA256Words] = []
        for n in 0..<200 {
            var stream = SHA256Stream()
            Self.bytes(8, seed: UInt64(n)).withUnsafeBytes { stream.update($0) }
            digests.append(stream.finalize())
        }
        let byWords = digests.sorted().map(\.bytes)
        let byBytes = digests.map(\.bytes).sorted { $0.lexicographicallyPrecedes($1) }
        #expect(byWords == byBytes)
    }
}
