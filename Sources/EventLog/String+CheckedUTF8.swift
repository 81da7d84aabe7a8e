extension String {
    /// The text of UTF-8 `bytes`, or nil when they are not valid UTF-8: as
    /// `String(validating:as: UTF8.self)`, but ASCII (every id, name and type a log or a saved
    /// fold state holds in practice) is taken after one pass over the bytes. The stdlib's
    /// validating initialiser is generic and, unspecialised, looked up type metadata on every
    /// call: half the time of reading a saved compliance state.
    @inlinable
    package init?(checkedUTF8 bytes: UnsafeRawBufferPointer) {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        if high < 0x80 {
            self = String(decoding: bytes, as: UTF8.self)
        } else {
            guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
            self = text
        }
    }
}
