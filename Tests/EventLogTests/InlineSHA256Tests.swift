import EventLog
import Testing

/// The chain step and the fact digests hash with `CSHA256` (state inline): the same digests as
/// swift-crypto's SHA-256, which ``EventHash/chained(previous:canonical:)`` and
/// ``EventHash/sha256(of:)`` use.
@Suite struct InlineSHA256Tests {
    /// Bytes of every length up to a few blocks, with a pattern that differs per length.
    static let lengths = Array(0...200) + [255, 256, 1_000, 4_097]

    func bytes(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ count) } }

    @Test func theChainStepGivesTheDigestOfTheChainedHash() {
        let previous = EventHash.sha256(of: Array("previous".utf8))
        for count in Self.lengths {
            let canonical = bytes(count)
            var output = [UInt8](repeating: 0, count: 32)
            previous.bytes.withUnsafeBytes { before in
                canonical.withUnsafeBytes { body in
                    output.withUnsafeMutableBytes { EventHash.chain(previous: before, canonical: body, into: $0) }
                }
            }
            #expect(output == EventHash.chained(previous: previous, canonical: canonical).bytes, "length \(count)")
        }
    }

    @Test func anInlineDigestOfPartsIsTheDigestOfTheirBytesJoined() {
        for count in Self.lengths {
            let body = bytes(count)
            let digest = InlineDigest.sha256 { hasher in
                hasher.update(utf8: "Type")
                hasher.update(bigEndian: -42)
                hasher.update(body)
            }
            let joined = Array("Type".utf8) + withUnsafeBytes(of: Int64(-42).bigEndian) { Array($0) } + body
            #expect(digest.bytes == EventHash.sha256(of: joined).bytes, "length \(count)")
        }
    }
}
