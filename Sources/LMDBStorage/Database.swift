import CLMDB

/// A named database inside an ``Environment`` (LMDB's `MDB_dbi`), opened once at start-up.
public struct Database: Sendable, Hashable {
    let handle: MDB_dbi
    /// The database's name.
    public let name: String
}

/// How a named database stores its entries.
public struct DatabaseOptions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Several sorted values per key (`MDB_DUPSORT`).
    public static let sortedDuplicates = DatabaseOptions(rawValue: UInt32(MDB_DUPSORT))
    /// With ``sortedDuplicates``: all values of a key have one size, stored packed (`MDB_DUPFIXED`).
    public static let fixedSizeDuplicates = DatabaseOptions(rawValue: UInt32(MDB_DUPSORT | MDB_DUPFIXED))
}

/// How a put behaves.
public struct PutOptions: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Fail with ``LMDBError/Kind/keyExists`` instead of overwriting.
    public static let noOverwrite = PutOptions(rawValue: UInt32(MDB_NOOVERWRITE))
    /// The key sorts after every existing key (faster, fills pages; LMDB checks it).
    public static let append = PutOptions(rawValue: UInt32(MDB_APPEND))
    /// In a sorted-duplicates database: the value sorts after the key's existing values.
    public static let appendDuplicate = PutOptions(rawValue: UInt32(MDB_APPENDDUP))
}
