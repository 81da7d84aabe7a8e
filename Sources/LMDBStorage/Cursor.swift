import CLMDB

/// A position in a named database, lent by ``Transaction/withCursor(_:_:)``.
///
/// Each move returns the entry it lands on as borrowed buffers (valid until the transaction
/// ends), or `nil` when it runs off either end.
package struct Cursor {
    /// One key–value entry.
    package typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)

    let handle: OpaquePointer

    /// The first entry.
    package mutating func first() throws -> Entry? { try move(MDB_FIRST) }
    /// The last entry.
    package mutating func last() throws -> Entry? { try move(MDB_LAST) }
    /// The next entry.
    package mutating func next() throws -> Entry? { try move(MDB_NEXT) }
    /// The previous entry.
    package mutating func previous() throws -> Entry? { try move(MDB_PREV) }

    /// The first entry whose key is at or after `key`.
    package mutating func seek(atOrAfter key: [UInt8]) throws -> Entry? {
        try key.withUnsafeBytes { (kb) throws -> Entry? in
            var k = MDB_val(kb)
            var v = MDB_val()
            return try get(&k, &v, MDB_SET_RANGE)
        }
    }

    /// The last entry whose key is at or before `key`.
    package mutating func seek(atOrBefore key: [UInt8]) throws -> Entry? {
        guard let entry = try seek(atOrAfter: key) else { return try last() }
        if entry.key.elementsEqual(key) { return entry }
        return try previous()
    }

    /// In a sorted-duplicates database: the first value of `key` at or after `value`.
    package mutating func seek(key: [UInt8], valueAtOrAfter value: [UInt8]) throws -> Entry? {
        try key.withUnsafeBytes { kb in
            try value.withUnsafeBytes { vb in
                var k = MDB_val(kb)
                var v = MDB_val(vb)
                return try get(&k, &v, MDB_GET_BOTH_RANGE)
            }
        }
    }

    /// In a sorted-duplicates database: the first value of exactly `key`.
    package mutating func seek(key: [UInt8]) throws -> Entry? {
        try key.withUnsafeBytes { kb in
            var k = MDB_val(kb)
            var v = MDB_val()
            return try get(&k, &v, MDB_SET_KEY)
        }
    }

    /// In a sorted-duplicates database: how many values the current key holds.
    package func duplicateCount() throws -> Int {
        var count = 0
        try LMDBError.check(mdb_cursor_count(handle, &count))
        return count
    }

    /// The next value of the current key, or nil after its last.
    package mutating func nextDuplicate() throws -> Entry? { try move(MDB_NEXT_DUP) }
    /// The previous value of the current key, or nil before its first.
    package mutating func previousDuplicate() throws -> Entry? { try move(MDB_PREV_DUP) }
    /// The last value of the current key.
    package mutating func lastDuplicate() throws -> Entry? {
        // MDB_LAST_DUP returns only the value; re-read the current entry for the key.
        _ = try move(MDB_LAST_DUP)
        return try move(MDB_GET_CURRENT)
    }

    /// In a sorted-duplicates database: the last value of exactly `key`, or `nil` when the
    /// database does not hold `key`.
    package mutating func lastDuplicateValue(ofKey key: UnsafeRawBufferPointer) throws -> UnsafeRawBufferPointer? {
        var k = MDB_val(key)
        var v = MDB_val()
        guard try get(&k, &v, MDB_SET) != nil else { return nil }
        return try move(MDB_LAST_DUP)?.value
    }

    /// Stores the fixed-size values packed back to back in `values` under `key` in one call
    /// (`MDB_MULTIPLE`), through this cursor: see ``Transaction/putDuplicates(_:key:values:valueSize:options:)``.
    package func putDuplicates(
        key: UnsafeRawBufferPointer, values: UnsafeRawBufferPointer, valueSize: Int, options: PutOptions = []
    ) throws {
        precondition(valueSize > 0 && values.count % valueSize == 0, "values must be whole fixed-size values")
        let count = values.count / valueSize
        guard count > 0 else { return }
        var k = MDB_val(key)
        var v = (
            MDB_val(mv_size: valueSize, mv_data: UnsafeMutableRawPointer(mutating: values.baseAddress)),
            MDB_val(mv_size: count, mv_data: nil)
        )
        try withUnsafeMutablePointer(to: &v) { pair in
            let vals = UnsafeMutableRawPointer(pair).assumingMemoryBound(to: MDB_val.self)
            // LMDB stops at the first value it cannot store and returns that failure.
            try LMDBError.check(mdb_cursor_put(handle, &k, vals, options.rawValue | UInt32(MDB_MULTIPLE)))
        }
    }

    private mutating func move(_ op: MDB_cursor_op) throws -> Entry? {
        var k = MDB_val()
        var v = MDB_val()
        return try get(&k, &v, op)
    }

    /// The one call into `mdb_cursor_get`: `nil` for `MDB_NOTFOUND`, the entry it lands on otherwise.
    private func get(_ k: inout MDB_val, _ v: inout MDB_val, _ op: MDB_cursor_op) throws(LMDBError) -> Entry? {
        let code = mdb_cursor_get(handle, &k, &v, op)
        if code == MDB_NOTFOUND { return nil }
        try LMDBError.check(code)
        return (k.bytes, v.bytes)
    }
}
