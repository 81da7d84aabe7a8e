import CLMDB

/// A named database inside an ``Environment`` (LMDB's `MDB_dbi`), opened once at start-up.
public struct Database: Sendable, Hashable {
    let handle: MDB_dbi
    /// The database's name.
    public let name: String
}

/// How a put behaves.
public struct PutOptions: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Fail with ``LMDBError/Kind/keyExists`` instead of overwriting.
    public static let noOverwrite = PutOptions(rawValue: UInt32(MDB_NOOVERWRITE))
    /// The key sorts after every existing key (faster; LMDB checks it).
    public static let append = PutOptions(rawValue: UInt32(MDB_APPEND))
}
