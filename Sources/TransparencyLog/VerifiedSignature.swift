/// A key whose signature on a note verified, and the cosignature's time for a witness key.
public struct VerifiedSignature: Sendable, Equatable {
    public let key: NoteVerifierKey
    /// Seconds since the Unix epoch, for a `cosignature/v1` signature; `nil` for type 0x01.
    public let timestamp: UInt64?
}
