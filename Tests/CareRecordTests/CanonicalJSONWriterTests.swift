import EventLog
import Foundation
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

    @Test("a number is written as JSONEncoder writes a Double: whole values without .0, exponents as it spells them")
    func numbers() throws {
        var random = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, -0.0, 1, -1, 10.5, 37.5, 168, 0.1, 1e-7, 1e16, 1e21, 1.5e300, .leastNonzeroMagnitude, -2.25, 123456.789,
            Double.greatestFiniteMagnitude, Double.leastNormalMagnitude, 4503599627370496.5,
        ]
        for _ in 0..<1_000 { values.append(Double.random(in: -1e9...1e9, using: &random)) }
        for _ in 0..<200 {
            values.append(Double(bitPattern: UInt64.random(in: 0...0x7FEF_FFFF_FFFF_FFFF, using: &random)))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for value in values {
            let expected = String(decoding: try encoder.encode(["v": value]), as: UTF8.self)
            #expect(written { $0.double(value) } == expected, "\(value)")
        }
    }

    @Test(
        "a non-finite number is refused (the codec writes it as a string)",
        arguments: [Double.infinity, -.infinity, .nan])
    func nonFiniteNumbers(_ value: Double) {
        #expect(written { $0.double(value) } == nil)
    }
}
