/// A fast hash of a short byte string (a stream name), keyed with a secret drawn once per
/// process, so that a name's hash is computed once when the name is made and every table that
/// holds names uses it instead of hashing the name again.
///
/// It reads the bytes eight at a time and mixes each word with a 128-bit multiply folded to 64
/// bits (the "mum" step of wyhash). The key is random per process, so the hashes of names that
/// arrive in an input (an import, a request) cannot be chosen to collide in a table without
/// knowing it; nothing stores a hash, and no hash is the same in two processes.
package enum NameHash {
    /// The process's key: two random words, drawn at the first hash.
    private static let key: (UInt64, UInt64) = {
        var generator = SystemRandomNumberGenerator()
        // Odd, so a multiply by either never loses the low bit.
        return (generator.next() | 1, generator.next() | 1)
    }()

    /// The hash of `bytes` under the process's key.
    package static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let (k0, k1) = key
        var state = k0 ^ UInt64(truncatingIfNeeded: bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            state = mix(state ^ word, k1)
            offset += 8
        }
        let rest = bytes.count - offset
        if rest > 0, let base = bytes.baseAddress {
            // The last word: the final eight bytes (overlapping the words before) when the name
            // has eight or more, else the few bytes there are, one at a time.
            var word: UInt64 = 0
            if bytes.count >= 8 {
                word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self))
            } else {
                for index in 0..<rest {
                    word |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << UInt64(index * 8)
                }
            }
            state = mix(state ^ word, k1)
        }
        return mix(state, k0 ^ k1)
    }

    /// An already well-spread 64-bit hash (a name's, a digest's first word) mixed with a table's
    /// `seed`, for `Hashable._rawHashValue(seed:)`: the table's buckets then depend on its seed,
    /// as a `Hasher`'s do, without running one.
    package static func tableHash(_ hash: UInt64, seed: Int) -> Int {
        Int(truncatingIfNeeded: mix(hash ^ UInt64(bitPattern: Int64(seed)), 0x9E37_79B9_7F4A_7C15))
    }

    /// `a` times `b` to 128 bits, the two halves xored.
    @inline(__always)
    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }
}
