import EventLog
import Testing

/// `String(checkedUTF8:)` reads ids and names from stored bytes (event envelopes, saved fold
/// states): ASCII on a fast path, anything else validated as the stdlib does.
@Suite("Checked UTF-8")
struct CheckedUTF8Tests {
    private func text(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { String(checkedUTF8: $0) }
    }

    @Test("ASCII, empty and multi-byte UTF-8 read as the stdlib's validating initialiser reads them")
    func readsValidText() {
        for sample in ["", "V0001234", "person/P00001", "eastwood-north", "Zoë Ødegård", "日本語 ✓ 😀"] {
            let bytes = Array(sample.utf8)
            #expect(text(bytes) == sample)
            #expect(text(bytes) == bytes.withUnsafeBytes { String(validating: $0, as: UTF8.self) })
        }
    }

    @Test("invalid UTF-8 is refused, wherever it sits")
    func refusesInvalidBytes() {
        for bytes: [UInt8] in [
            [0xFF], [0x41, 0x80], [0xC3], [0x41, 0x42, 0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80],
        ] {
            #expect(text(bytes) == nil, "\(bytes)")
        }
    }
}
