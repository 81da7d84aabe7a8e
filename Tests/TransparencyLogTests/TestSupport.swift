import TransparencyLog

func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var chars = Array(hex.utf8).makeIterator()
    func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
    while let hi = chars.next(), let lo = chars.next() { out.append(nibble(hi) << 4 | nibble(lo)) }
    return out
}

func hash(hex: String) -> MerkleHash {
    guard let h = MerkleHash(hex: hex) else { preconditionFailure("test vector is 64 hex digits") }
    return h
}

/// Little-endian bytes of `value`: distinct leaf contents for generated trees.
func bytes(of value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) }
}

/// A small deterministic generator so the sampled sizes are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
