import EventLog
import Foundation
import Reports
import Testing

/// The whole JSON output of the fixture, and that it parses with the documented keys and types.
@Suite struct JSONRenderingTests {
    @Test func wholeDocumentMatchesGolden() {
        #expect(ReportFixture.text(.json) == JSONGolden.expected)
    }

    @Test func parsesWithTheDocumentedKeysAndTypes() throws {
        let data = Data(ReportFixture.renderer.render(ReportFixture.document, as: .json))
        let root = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(root.keys) == ["title", "provenance", "sections", "schemaVersion"])
        #expect(root["title"] as? String == "Improvement programme: Q1 2020")

        let provenance = try #require(root["provenance"] as? [String: Any])
        // The resolved position only: how it was asked (`knownAt`) is in the manifest, never here.
        #expect(Set(provenance.keys) == ["asAt", "periodStart", "periodEnd", "checkpoint", "rules"])
        #expect(provenance["asAt"] as? String == "2020-03-31")
        #expect(provenance["periodStart"] as? String == "2020-01-01")
        let checkpoint = try #require(provenance["checkpoint"] as? [String: Any])
        #expect(Set(checkpoint.keys) == ["storeID", "sequence", "headHash", "recordedAt"])
        #expect(checkpoint["sequence"] as? Int == 1200)
        #expect(checkpoint["headHash"] as? String == ReportFixture.headHash.hex)

        let sections = try #require(root["sections"] as? [[String: Any]])
        #expect(sections.count == 2)
        for section in sections {
            #expect(Set(section.keys) == ["heading", "notes", "columns", "rows"])
        }
        let rows = try #require(sections[0]["rows"] as? [[String: Any]])
        #expect(rows.count == 4)
        let first = rows[0]
        #expect(first["plan"] as? String == ReportFixture.trickyText)
        #expect(first["staff"] as? Int == 12)
        #expect(first["rag"] as? String == "amber")
        #expect(first["due"] as? String == "2020-03-31")
        #expect(first["recorded"] as? String == "2020-01-29T09:30:00.000Z")
        #expect(first["update"] as? [String] == ["Plans continue", "Reports from Carefirst"])
        let fraction = try #require(first["compliance"] as? [String: Any])
        #expect(fraction["numerator"] as? Int == 45)
        #expect(fraction["denominator"] as? Int == 50)
        #expect(fraction["percent"] as? Double == 90.0)
        let none = try #require(rows[1]["compliance"] as? [String: Any])
        #expect(none["percent"] is NSNull)
        #expect(rows[3]["staff"] is NSNull)
        #expect(rows[3]["rag"] as? String == "noData")
    }

    @Test func controlCharactersAreEscaped() {
        let document = ReportDocument(
            title: "a\u{1}b\tc\\d\"e/é", provenance: ReportFixture.provenance, sections: [])
        #expect(ReportFixture.text(.json, document).contains(#""title": "a\u0001b\tc\\d\"e/é""#))
    }
}
