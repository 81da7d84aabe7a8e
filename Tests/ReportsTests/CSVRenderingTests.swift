import Projections
import Reports
import Testing

/// The whole CSV output of the fixture, and that it reads back as RFC 4180.
@Suite struct CSVRenderingTests {
    @Test func wholeDocumentMatchesGolden() {
        #expect(ReportFixture.text(.csv) == CSVGolden.expected)
    }

    @Test func parsesBackToTheSameShape() throws {
        let records = try RFC4180Parser.parse(ReportFixture.text(.csv))
        // Header plus 4 + 1 rows; 13 columns: section, 8 + 3 fraction extras, team.
        #expect(records.count == 6)
        #expect(records.allSatisfy { $0.count == 13 })
        #expect(
            records[0] == [
                "section", "activity", "update", "rag", "plan", "due", "recorded", "staff", "compliance",
                "complianceNumerator", "complianceDenominator", "compliancePercent", "team",
            ])
        // The tricky cell survives quoting intact.
        #expect(records[1][4] == ReportFixture.trickyText)
        #expect(records[1][9...11] == ["45", "50", "90.0"])
        #expect(records[2][8...11] == ["0/0 (\u{2013})", "0", "0", ""])
        #expect(records[5][0] == "Whole service")
        #expect(records[5][12] == "Barrhead")
    }

    @Test func recordsEndWithCRLFAndNothingElseDoes() {
        let bytes = ReportFixture.renderer.render(ReportFixture.document, as: .csv)
        #expect(bytes.suffix(2) == [13, 10])
        let crlf = zip(bytes, bytes.dropFirst()).filter { $0 == (13, 10) }.count
        #expect(crlf == 6)
    }

    @Test func formulaLikeTextIsDefused() {
        let records = try? RFC4180Parser.parse(ReportFixture.text(.csv))
        #expect(records?[2][4] == "'-ve result, recheck")
        // Numbers are never prefixed.
        #expect(records?[3][7] == "-3")
    }

    @Test func singleUnheadedTableHasNoSectionColumn() throws {
        let document = ReportDocument(
            title: "Plain", provenance: ReportFixture.provenance,
            sections: [
                ReportSection(notes: ["Only notes."]),
                ReportSection(
                    table: ReportTable(
                        columns: [ReportColumn("name", "Name"), ReportColumn("count", "Count")],
                        rows: [[.text("a"), .integer(1)], [.text("b")]])),
            ])
        #expect(ReportFixture.text(.csv, document) == "name,count\r\na,1\r\nb,\r\n")
    }

    @Test func sectionKeyClashIsRenamed() {
        let document = ReportDocument(
            title: "Clash", provenance: ReportFixture.provenance,
            sections: [
                ReportSection(
                    heading: "H",
                    table: ReportTable(columns: [ReportColumn("section", "Section")], rows: [[.rag(.noData)]]))
            ])
        #expect(ReportFixture.text(.csv, document) == "reportSection,section\r\nH,noData\r\n")
    }
}
