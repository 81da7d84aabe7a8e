import EventLog
import Testing

@testable import CareRecord

/// The direct payload writer's values written in bulk: numbers without building a `String`,
/// strings checked and copied at once, instants appended whole. Each must give the bytes
/// `JSONEncoder` gives, or refuse (``CanonicalJSONWriter/failed``).
@Suite("CanonicalJSONWriter: values written in bulk are the bytes JSONEncoder writes")
struct CanonicalJSONWriterTests {
    private func written(_ write: (inout CanonicalJSONWriter) -> Void) -> String? {
        var writer = CanonicalJSONWriter()
        writer.key("v")
        write(&writer)
        return writer.finish().map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("whole numbers are written as their decimal digits, the extremes and negatives included")
    func wholeNumbers() {
        var random = SystemRandomNumberGenerator()
        var values = [0, 1, -1, 9, 10, -10, 99, 100, 1440, Int.max, Int.min, Int.min + 1]
        for _ in 0..<1_000 { values.append(Int.random(in: Int.min...Int.max, using: &random)) }
        for value in values {
            #expect(written { $0.int(value) } == "{\"v\":\(value)}", "\(value)")
        }
    }

    @Test("plain ASCII text, short and long, is written between quotes as it is")
    func plainText() {
        for text in ["", "S0042", "personal-care", "Omeprazole 20mg capsules", String(repeating: "ab ~!", count: 60)] {
            #expect(written { $0.string(text) } == "{\"v\":\"\(text)\"}")
        }
    }

    @Test(
        "text JSONEncoder escapes or writes otherwise is refused, wherever it stands in the string",
        arguments: ["a\"b", "back\\slash", "tab\tin", "\u{7F}", "café", "end\u{1}", "\"", "x\n"])
    func refusedText(_ text: String) {
        #expect(written { $0.string(text) } == nil)
        #expect(written { $0.stringArray(["plain", text]) } == nil)
    }

    @Test("a bridged or shared string is checked and written the same as a native one")
    func substringsAndArrays() {
        let long = String(repeating: "medicine ", count: 10)
        let fromSubstring = String(long.dropFirst(9))
        #expect(written { $0.string(fromSubstring) } == "{\"v\":\"\(fromSubstring)\"}")
        #expect(
            written { $0.stringArray(["a", "bb", fromSubstring]) } == "{\"v\":[\"a\",\"bb\",\"\(fromSubstring)\"]}")
    }

    @Test("an instant is written whole between quotes, after the key")
    func instants() {
        let at = Timestamp(millisecondsSinceEpoch: 1_580_000_000_123)
        #expect(written { $0.timestamp(at) } == "{\"v\":\"2020-01-26T00:53:20.123Z\"}")
    }
}
