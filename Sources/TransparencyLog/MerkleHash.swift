import Crypto

/// A 32-byte SHA-256 value in the RFC 9162 Merkle tree: a leaf hash, an interior node or a root.
public struct MerkleHash: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Wraps 32 bytes; `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        self.bytes = Array(bytes)
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    init(_ digest: SHA256.Digest) { self.bytes = digest.withUnsafeBytes { Array($0) } }

    init(words: SHA256Words) { self.bytes = words.bytes }

    /// Parses 64 lower- or upper-case hex digits; `nil` for anything else.
    public init?(hex: String) {
        guard let bytes = HexCoding.decode(hex), bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses standard (RFC 4648 §4, padded) base64 of 32 bytes; `nil` for anything else.
    public init?(base64: String) {
        guard let bytes = Base64Coding.decode(base64), bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Lower-case hex, 64 characters.
    public var hex: String { HexCoding.encode(bytes) }

    /// Standard padded base64, as in a checkpoint's root-hash line.
    public var base64: String { Base64Coding.encode(bytes) }

    public var description: String { hex }

    public static func < (lhs: MerkleHash, rhs: MerkleHash) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// The root of the empty tree: SHA-256 of no bytes (RFC 9162 §2.1.1).
    public static let emptyTree = MerkleHash(SHA256.hash(data: [UInt8]()))

    /// A leaf hash: SHA-256(0x00 ‖ leaf bytes) (RFC 9162 §2.1.1).
    public static func leaf(_ leafBytes: some Collection<UInt8>) -> MerkleHash {
        var hasher = SHA256Stream()
        hasher.update(bigEndian: UInt8(0))
        if leafBytes.withContiguousStorageIfAvailable({ hasher.update(UnsafeRawBufferPointer($0)) }) == nil {
            Array(leafBytes).withUnsafeBytes { hasher.update($0) }
        }
        return MerkleHash(words: hasher.finalize())
    }

    /// An interior node: SHA-256(0x01 ‖ left ‖ right) (RFC 9162 §2.1.1).
    public static func node(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        var hasher = SHA256Stream()
        hasher.update(bigEndian: UInt8(1))
        left.bytes.withUnsafeBytes { hasher.update($0) }
        right.bytes.withUnsafeBytes { hasher.update($0) }
        return MerkleHash(words: hasher.finalize())
    }
}
