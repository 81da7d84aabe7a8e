import Crypto

/// One field of an event revealed with its salt: what an extract row hands an inspector so
/// the row's value can be matched against the event's leaf without revealing any other field.
///
/// Its digest is `SHA-256("carelog/field/v1\n" ‖ salt ‖ u32 len(name) ‖ name ‖ u32 len(value) ‖ value)`
/// (lengths big-endian, strings UTF-8). Without the 16-byte secret salt, a field's digest says
/// nothing testable about its value, however few values it can take.
public struct FieldDisclosure: Sendable, Equatable {
    /// The 16 secret salt bytes of this field of this event.
    public let salt: [UInt8]
    public let name: String
    public let value: String

    /// Length of a field salt in bytes (128 bits).
    public static let saltLength = 16

    public init(salt: [UInt8], name: String, value: String) throws(EventLeafError) {
        guard salt.count == Self.saltLength else {
            throw .malformed(reason: "a field salt is \(Self.saltLength) bytes")
        }
        guard !name.isEmpty else { throw .malformed(reason: "a field name is not empty") }
        self.salt = salt
        self.name = name
        self.value = value
    }

    /// The field's commitment, as listed in the leaf.
    public var digest: MerkleHash {
        var hasher = SHA256()
        var tag = "carelog/field/v1\n"
        tag.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        salt.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        func add(_ string: String) {
            var string = string
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: string.utf8.count).bigEndian) {
                hasher.update(bufferPointer: $0)
            }
            string.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        add(name)
        add(value)
        return MerkleHash(hasher.finalize())
    }
}
