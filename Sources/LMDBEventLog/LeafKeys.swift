import TransparencyLog

/// What computing the store's leaves takes: the field salt key, the pseudonym root key (for v2
/// leaves) and the first sequence with a v2 leaf (nil: none).
struct LeafKeys: Sendable {
    var saltKey: FieldSaltKey
    var pseudonymRoot: PseudonymRootKey?
    var leafV2From: UInt64?

    /// A hasher for these leaves (one per thread: it keeps slot values per id).
    func hasher() -> EventLeafHasher {
        EventLeafHasher(saltKey: saltKey, pseudonymRoot: pseudonymRoot, leafV2From: leafV2From)
    }
}
