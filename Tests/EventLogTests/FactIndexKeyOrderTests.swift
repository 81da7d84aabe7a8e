import LMDBEventLog
import Testing

@Suite("Fact index: keys are written in LMDB's byte order")
struct FactIndexKeyOrderTests {
    @Test("keys are ordered as unsigned bytes, a key before the longer keys it starts")
    func ordersAsUnsignedBytes() {
        #expect(FoldStateEnvironment.keyPrecedes([0x01], [0xFF]))
        #expect(!FoldStateEnvironment.keyPrecedes([0xFF], [0x01]))
        #expect(FoldStateEnvironment.keyPrecedes([0x61, 0x00], [0x61, 0x00, 0x66]))
        #expect(!FoldStateEnvironment.keyPrecedes([0x61, 0x00, 0x66], [0x61, 0x00]))
        #expect(FoldStateEnvironment.keyPrecedes([], [0x00]))
        #expect(!FoldStateEnvironment.keyPrecedes([0x61], [0x61]))
        #expect(!FoldStateEnvironment.keyPrecedes([], []))
    }

    @Test("random keys sort as the standard library's lexicographic order sorts them")
    func agreesWithLexicographicOrder() {
        var generator = SystemRandomNumberGenerator()
        // Short keys over few byte values, so that shared prefixes and equal keys are common.
        let alphabet: [UInt8] = [0x00, 0x30, 0x7F, 0x80, 0xFF]
        let keys: [[UInt8]] = (0..<2000).map { _ in
            (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            }
        }
        for (a, b) in zip(keys, keys.shuffled()) {
            #expect(FoldStateEnvironment.keyPrecedes(a, b) == a.lexicographicallyPrecedes(b))
        }
    }
}
