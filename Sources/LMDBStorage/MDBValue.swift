import CLMDB

extension MDB_val {
    /// Points at `buffer`'s bytes, for a key or an input value (LMDB only reads through it).
    init(_ buffer: UnsafeRawBufferPointer) {
        self.init(mv_size: buffer.count, mv_data: UnsafeMutableRawPointer(mutating: buffer.baseAddress))
    }

    /// The bytes LMDB pointed it at (valid until the transaction ends).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: mv_data, count: mv_size) }
}
