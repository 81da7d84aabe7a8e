import Testing

@testable import EventLog

/// A stream name's hash is made once, with the name, and equal names agree on it however each
/// was made (parsed, built from a kind and an id, or read from a stored event's bytes, whose
/// hash is computed when asked).
@Suite struct StreamNameHashTests {
    /// Names of every length up to past three words, so the last, partial word is read each way.
    let texts: [String] =
        (1...30).flatMap { length in
            [String(repeating: "a", count: length), "v/" + String(repeating: "7", count: length)]
        }.filter { StreamName.isValid($0) } + ["person/P000123", "visit/V-2026-01-05-0800", "a/b", "staff/S0042"]

    /// The three ways a name is made, for the same text.
    func made(_ text: String) throws -> [StreamName] {
        let parsed = try #require(StreamName(text))
        let slash = try #require(text.firstIndex(of: "/"))
        let built = try #require(
            StreamName(kind: String(text[..<slash]), id: String(text[text.index(after: slash)...])))
        var bytes = text
        let stored = try #require(bytes.withUTF8 { StreamName(validating: UnsafeRawBufferPointer($0)) })
        return [parsed, built, stored]
    }

    @Test func equalNamesAreEqualAndHashAlikeHoweverTheyWereMade() throws {
        for text in texts {
            let names = try made(text)
            for a in names {
                for b in names {
                    #expect(a == b, "\(text)")
                    #expect(a.hashValue == b.hashValue, "\(text)")
                    #expect(a.keyedHash == b.keyedHash, "\(text)")
                }
            }
        }
    }

    @Test func aTableFindsANameByAnyOfItsMakings() throws {
        var table: [StreamName: Int] = [:]
        for (index, text) in texts.enumerated() { table[try made(text)[index % 3]] = index }
        #expect(table.count == Set(texts).count)
        for (index, text) in texts.enumerated() {
            for name in try made(text) { #expect(table[name] == index, "\(text)") }
        }
    }

    @Test func differentNamesAreUnequalAndRarelyShareAHash() throws {
        // Names that differ in one byte, in every position, including the last partial word.
        var names: [StreamName] = []
        for length in 3...24 {
            for position in 2..<length {
                var bytes = Array("a/" + String(repeating: "x", count: length - 2))
                bytes[position] = "y"
                names.append(try #require(StreamName(String(bytes))))
            }
        }
        let distinct = Set(names.map(\.rawValue))
        #expect(Set(names).count == distinct.count)
        #expect(Set(names.map(\.keyedHash)).count == distinct.count)
        for (i, a) in names.enumerated() {
            for b in names[(i + 1)...] where a.rawValue != b.rawValue { #expect(a != b) }
        }
    }

    @Test func anIdIsAcceptedExactlyWhenANameCanBeBuiltWithIt() {
        let ids = [
            "", "P1", "V-2026.01_05:08", "a b", "é", "x/y", String(repeating: "x", count: 198),
            String(repeating: "x", count: 199),
        ]
        for id in ids {
            #expect(StreamName.isValidID(id) == (StreamName(kind: "x", id: id) != nil), "\(id.prefix(20))")
        }
    }
}
