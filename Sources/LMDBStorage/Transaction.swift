import CLMDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read or write transaction, lent to the body of ``Environment/read(_:)`` or
/// ``Environment/write(_:)``. It cannot be copied or kept: LMDB ends it when the body returns.
///
/// Buffers returned by reads point into the memory map and are valid only until the body
/// returns; copy what must outlive it.
package struct Transaction: ~Copyable {
    let handle: OpaquePointer

    /// The value stored under `key`, or `nil`.
    package func get(_ db: Database, key: UnsafeRawBufferPointer) throws -> UnsafeRawBufferPointer? {
        var k = MDB_val(key)
        var v = MDB_val()
        let code = mdb_get(handle, db.handle, &k, &v)
        if code == MDB_NOTFOUND { return nil }
        try LMDBError.check(code)
        return v.bytes
    }

    /// The value stored under `key`, or `nil`.
    package func get(_ db: Database, key: [UInt8]) throws -> UnsafeRawBufferPointer? {
        try key.withUnsafeBytes { (k) throws in try get(db, key: k) }
    }

    /// Stores `value` under `key`.
    package func put(_ db: Database, key: [UInt8], value: [UInt8], options: PutOptions = []) throws {
        try key.withUnsafeBytes { (k) throws in
            try value.withUnsafeBytes { (v) throws in
                try put(db, key: k, value: v, options: options)
            }
        }
    }

    /// Stores `value` under `key`.
    package func put(
        _ db: Database, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, options: PutOptions = []
    ) throws {
        var k = MDB_val(key)
        var v = MDB_val(value)
        try LMDBError.check(mdb_put(handle, db.handle, &k, &v, options.rawValue))
    }

    /// Stores the fixed-size values packed back to back in `values` under `key` in one call
    /// (`MDB_MULTIPLE`): the key is found once, not once per value. The database must have been
    /// opened with ``DatabaseOptions/fixedSizeDuplicates``.
    package func putDuplicates(_ db: Database, key: [UInt8], values: [UInt8], valueSize: Int, options: PutOptions = [])
        throws
    {
        try withCursor(db) { cursor in
            try key.withUnsafeBytes { (kb) throws in
                try values.withUnsafeBytes { (vb) throws in
                    try cursor.putDuplicates(key: kb, values: vb, valueSize: valueSize, options: options)
                }
            }
        }
    }

    /// Reserves `size` bytes for the value under `key` and lets `fill` write them in place, in
    /// the page itself (`MDB_RESERVE`): no staging buffer. `fill` must not touch the database.
    package func putReserved(
        _ db: Database, key: UnsafeRawBufferPointer, size: Int, options: PutOptions = [],
        _ fill: (UnsafeMutableRawBufferPointer) throws -> Void
    ) throws {
        var k = MDB_val(key)
        var v = MDB_val(mv_size: size, mv_data: nil)
        try LMDBError.check(mdb_put(handle, db.handle, &k, &v, options.rawValue | UInt32(MDB_RESERVE)))
        try fill(UnsafeMutableRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }

    /// Test hook: removes `key`. Only tests and the reliability harness call it, to simulate
    /// damage; the event log never deletes.
    package func _deleteForTesting(_ db: Database, key: [UInt8]) throws {
        try key.withUnsafeBytes { (kb) throws in
            var k = MDB_val(kb)
            try LMDBError.check(mdb_del(handle, db.handle, &k, nil))
        }
    }

    /// Test hook: removes one value of `key` in a sorted-duplicates database (tests and the
    /// reliability harness simulating damage only).
    package func _deleteForTesting(_ db: Database, key: [UInt8], value: [UInt8]) throws {
        try key.withUnsafeBytes { kb in
            try value.withUnsafeBytes { vb in
                var k = MDB_val(kb)
                var v = MDB_val(vb)
                try LMDBError.check(mdb_del(handle, db.handle, &k, &v))
            }
        }
    }

    /// Deletes every entry of `db` (the database stays, empty).
    package func empty(_ db: Database) throws {
        try LMDBError.check(mdb_drop(handle, db.handle, 0))
    }

    /// The number of entries in `db` as seen by this transaction.
    package func count(_ db: Database) throws -> Int {
        var stat = MDB_stat()
        try LMDBError.check(mdb_stat(handle, db.handle, &stat))
        return stat.ms_entries
    }

    /// Lends a cursor over `db` to `body`; it is closed when `body` returns.
    package func withCursor<R>(_ db: Database, _ body: (inout Cursor) throws -> R) throws -> R {
        var cursor = try openCursor(db)
        defer { mdb_cursor_close(cursor.handle) }
        return try body(&cursor)
    }

    /// Opens a cursor the caller must close.
    private func openCursor(_ db: Database) throws(LMDBError) -> Cursor {
        var cursor: OpaquePointer?
        try LMDBError.check(mdb_cursor_open(handle, db.handle, &cursor))
        guard let cursor else { throw LMDBError(code: EINVAL) }
        return Cursor(handle: cursor)
    }
}

extension Transaction {
    /// Lends `count` independent cursors over `db` to `body` (for merging several index ranges).
    package func withCursors<R>(_ db: Database, count: Int, _ body: (inout [Cursor]) throws -> R) throws -> R {
        var cursors: [Cursor] = []
        defer { for c in cursors { mdb_cursor_close(c.handle) } }
        for _ in 0..<count { cursors.append(try openCursor(db)) }
        return try body(&cursors)
    }
}
