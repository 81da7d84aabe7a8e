import EventLog
import Testing

/// The one-pass check of stream names agrees with the rule as written (`<kind>/<id>`).
@Suite struct StreamNameValidationTests {
    /// The rule as the documentation states it, written plainly over an array of bytes.
    func reference(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= StreamName.maximumLength, let slash = bytes.firstIndex(of: 0x2F) else { return false }
        let kind = bytes[..<slash]
        let id = bytes[(slash + 1)...]
        guard let first = kind.first, first >= 0x61, first <= 0x7A, !id.isEmpty else { return false }
        let kindOK = kind.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        let idOK = id.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39)
                || $0 == 0x2E || $0 == 0x5F || $0 == 0x3A || $0 == 0x2D
        }
        return kindOK && idOK
    }

    @Test func randomNamesAreJudgedAsTheRuleSays() {
        let alphabet = Array("ab-z09/AZ._:é /")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var accepted = 0
        for _ in 0..<20000 {
            let length = next() % 12
            let text = String((0..<length).map { _ in alphabet[next() % alphabet.count] })
            #expect(StreamName.isValid(text) == reference(text), "\(text)")
            if reference(text) { accepted += 1 }
        }
        // Both answers occur, so the comparison means something.
        #expect(accepted > 20)
    }

    @Test func namesAtAndOverTheLengthLimit() {
        let id = String(repeating: "x", count: StreamName.maximumLength - 2)
        #expect(StreamName.isValid("a/" + id))
        #expect(!StreamName.isValid("a/" + id + "x"))
        #expect(StreamName.isValid("person/P000123"))
        #expect(!StreamName.isValid("Person/P1"))
        #expect(!StreamName.isValid("1person/P1"))
        #expect(!StreamName.isValid("person/P1/2"))
        #expect(!StreamName.isValid("person"))
    }
}

/// `hasKind` answers as comparing the `kind` part does.
@Suite struct StreamNameKindTests {
    @Test func hasKindAgreesWithTheKindPart() throws {
        let names = ["person/P1", "personal/P1", "perso/P1", "visit/V-1", "a/b", "person-plan/X"]
        let kinds = ["person", "personal", "perso", "visit", "a", "", "person-plan", "person/P1"]
        for text in names {
            let name = try #require(StreamName(text))
            for kind in kinds {
                #expect(name.hasKind(kind) == (name.kind == kind[...]), "\(text) \(kind)")
            }
        }
    }

    @Test func idStringIsTheIdAfterTheFirstSlash() throws {
        for text in [
            "visit/V0000216", "person/P1", "complaint/C-2020-014", "a/b", "medication/P00407:2020.x_y",
            "kind/" + String(repeating: "x", count: 150),
        ] {
            let name = try #require(StreamName(text))
            #expect(name.idString == String(name.id))
        }
    }

    @Test("a name built from a kind and an id is the name written out, and refused exactly when that is")
    func kindAndIdAsWritten() {
        let alphabet = Array("ab-z09/AZ._:é ")
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        func word(_ length: Int) -> String { String((0..<length).map { _ in alphabet[next() % alphabet.count] }) }
        var pairs: [(String, String)] = [
            ("", ""), ("", "P1"), ("person", ""), ("person", "P000123"), ("visit", "V0000107"),
            ("staff", String(repeating: "S", count: 193)), ("staff", String(repeating: "S", count: 194)),
            ("staff", String(repeating: "S", count: 195)),
            ("medication", String(repeating: "9", count: 250)), ("Person", "P1"), ("person", "P 1"),
        ]
        for _ in 0..<5000 { pairs.append((word(next() % 8), word(next() % 12))) }
        var accepted = 0
        for (kind, id) in pairs {
            let built = StreamName(kind: kind, id: id)
            #expect(built == StreamName(kind + "/" + id), "\(kind)/\(id)")
            #expect(built?.rawValue == (StreamName.isValid(kind + "/" + id) ? kind + "/" + id : nil))
            if built != nil { accepted += 1 }
        }
        #expect(accepted > 50)
    }
}
