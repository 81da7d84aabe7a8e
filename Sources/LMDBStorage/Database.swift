import CLMDB

/// A named database inside an ``Environment`` (LMDB's `MDB_dbi`), opened once at start-up.
package struct Database: Sendable, Hashable {
    let handle: MDB_dbi
    /// The database's name.
    package let name: String
}

/// How a named database stores its entries.
package struct DatabaseOptions: OptionSet, Sendable, Hashable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Several sorted values per key, all of one size, stored packed (`MDB_DUPSORT | MDB_DUPFIXED`).
    package static let fixedSizeDuplicates = DatabaseOptions(rawValue: UInt32(MDB_DUPSORT | MDB_DUPFIXED))
}

/// How a put behaves.
package struct PutOptions: OptionSet, Sendable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Fail with ``LMDBError/Kind/keyExists`` instead of overwriting.
    package static let noOverwrite = PutOptions(rawValue: UInt32(MDB_NOOVERWRITE))
    /// The key sorts after every existing key (faster, fills pages; LMDB checks it).
    package static let append = PutOptions(rawValue: UInt32(MDB_APPEND))
    /// In a sorted-duplicates database: the value sorts after the key's existing values.
    package static let appendDuplicate = PutOptions(rawValue: UInt32(MDB_APPENDDUP))
}
