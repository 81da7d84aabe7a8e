import CareCalendar
import EventLog
import Projections
import Reports
import Testing

/// Properties shared by every format: determinism, encoding, line endings, format names.
@Suite struct ReportRendererTests {
    @Test(arguments: ReportFormat.allCases)
    func renderingTwiceGivesIdenticalBytes(format: ReportFormat) {
        let first = ReportRenderer().render(ReportFixture.document, as: format)
        let second = ReportRenderer().render(ReportFixture.document, as: format)
        #expect(first == second)
        #expect(!first.isEmpty)
        // A copy of the document built separately renders identically too.
        var copy = ReportFixture.document
        copy.title = String(copy.title)
        #expect(ReportRenderer().render(copy, as: format) == first)
    }

    @Test(arguments: ReportFormat.allCases.filter { !$0.isBinary })
    func outputIsValidUTF8EndingInANewline(format: ReportFormat) {
        let bytes = ReportFixture.renderer.render(ReportFixture.document, as: format)
        #expect(String(validating: bytes, as: UTF8.self) != nil)
        #expect(bytes.last == 10)
        if format != .csv {
            #expect(!bytes.contains(13), "only CSV uses CR")
        }
    }

    @Test func formatsParseFromTheirNames() {
        for format in ReportFormat.allCases {
            #expect(ReportFormat(parsing: format.rawValue) == format)
            #expect(ReportFormat(rawValue: format.rawValue) == format)
        }
        #expect(ReportFormat(parsing: " Markdown ") == .markdown)
        #expect(ReportFormat(parsing: "md") == .markdown)
        #expect(ReportFormat(parsing: "HTM") == .html)
        #expect(ReportFormat(parsing: "DOCX") == .docx)
        #expect(ReportFormat.docx.isBinary && !ReportFormat.html.isBinary)
        #expect(ReportFormat(parsing: "pdf") == nil)
        #expect(ReportFormat(parsing: "") == nil)
        #expect(ReportFormat.allCases.map(\.fileExtension) == ["md", "csv", "json", "html", "docx"])
    }

    @Test func fractionsRoundHalfAwayFromZeroToOneDecimal() {
        func md(_ n: Int, _ d: Int) -> String {
            let document = ReportDocument(
                title: "F", provenance: ReportFixture.provenance,
                sections: [
                    ReportSection(
                        table: ReportTable(
                            columns: [ReportColumn("f", "F")], rows: [[.fraction(numerator: n, denominator: d)]]))
                ])
            return String(ReportFixture.text(.markdown, document).split(separator: "\n").last!)
        }
        #expect(md(45, 50) == "| 45/50 (90.0%) |")
        #expect(md(2, 3) == "| 2/3 (66.7%) |")
        #expect(md(1, 8) == "| 1/8 (12.5%) |")
        #expect(md(1, 16) == "| 1/16 (6.3%) |")
        #expect(md(1, 2000) == "| 1/2000 (0.1%) |")
        #expect(md(1, 2001) == "| 1/2001 (0.0%) |")
        #expect(md(50, 50) == "| 50/50 (100.0%) |")
        #expect(md(0, 0) == "| 0/0 (\u{2013}) |")
        #expect(md(3, 0) == "| 3/0 (\u{2013}) |")
        #expect(md(-1, 8) == "| -1/8 (-12.5%) |")
        #expect(md(Int.max, 1).hasPrefix("| \(Int.max)/1 ("))
    }

    @Test func instantsAreUKWallClockForPeopleAndUTCForMachines() throws {
        // 00:30 UTC on 29 March 2020 is GMT; 01:00 UTC starts BST (02:00 local).
        let gmt = Timestamp(iso8601: "2020-03-29T00:30:00Z")!
        let bst = Timestamp(iso8601: "2020-03-29T01:00:00Z")!
        let document = ReportDocument(
            title: "I", provenance: ReportFixture.provenance,
            sections: [
                ReportSection(
                    table: ReportTable(columns: [ReportColumn("at", "At")], rows: [[.instant(gmt)], [.instant(bst)]]))
            ])
        let markdown = ReportFixture.text(.markdown, document)
        #expect(markdown.hasSuffix("| 2020-03-29 00:30 GMT |\n| 2020-03-29 02:00 BST |\n"))
        #expect(ReportFixture.text(.csv, document) == "at\r\n2020-03-29T00:30:00.000Z\r\n2020-03-29T01:00:00.000Z\r\n")
    }

    @Test func shortAndLongRowsArePaddedOrCut() {
        let document = ReportDocument(
            title: "Ragged", provenance: ReportFixture.provenance,
            sections: [
                ReportSection(
                    table: ReportTable(
                        columns: [ReportColumn("a", "A"), ReportColumn("b", "B")],
                        rows: [[.text("x")], [.text("y"), .text("z"), .text("dropped")]]))
            ])
        #expect(ReportFixture.text(.markdown, document).hasSuffix("| x |  |\n| y | z |\n"))
        #expect(ReportFixture.text(.csv, document) == "a,b\r\nx,\r\ny,z\r\n")
        #expect(!ReportFixture.text(.json, document).contains("dropped"))
        #expect(!ReportFixture.text(.html, document).contains("dropped"))
    }

    @Test func documentWithoutPeriodOrSectionsStillStatesItsProvenance() {
        var provenance = ReportFixture.provenance
        provenance.period = nil
        provenance.checkpoint.recordedAt = nil
        let document = ReportDocument(title: "Empty", provenance: provenance, sections: [])
        #expect(
            ReportFixture.text(.markdown, document) == """
                # Empty

                - **As at:** 2020-03-31
                - **Log position:** sequence 1200, head hash `\(ReportFixture.headHash.hex)`, store ID store-7f3a
                - **Rules:** rules v3 (in force from 2020-01-01)

                """)
        #expect(ReportFixture.text(.csv, document) == "")
        let json = ReportFixture.text(.json, document)
        #expect(json.contains(#""periodStart": null"#) && json.contains(#""recordedAt": null"#))
        #expect(json.contains(#""sections": []"#))
        #expect(ReportFixture.text(.html, document).contains("<main>\n</main>\n"))
    }

    @Test func codesGoToJSONAndCSVAndLabelsToMarkdownAndHTML() {
        var document = ReportFixture.document
        document.sections = [
            ReportSection(
                table: ReportTable(
                    columns: [ReportColumn("status", "Status")], rows: [[.code("planMissing", label: "Plan missing")]]))
        ]
        let renderer = ReportRenderer()
        for format in [ReportFormat.json, .csv] {
            let text = renderer.renderText(document, as: format)
            #expect(text.contains("planMissing") && !text.contains("Plan missing"), "\(format)")
        }
        for format in [ReportFormat.markdown, .html] {
            let text = renderer.renderText(document, as: format)
            #expect(text.contains("Plan missing") && !text.contains("planMissing"), "\(format)")
        }
    }

    @Test func theFormatOptionParsesEveryNameAndAlias() {
        #expect(ReportFormat(parsing: "md") == .markdown)
        #expect(ReportFormat(parsing: "HTM") == .html)
        #expect(ReportFormat(parsing: "DOCX") == .docx)
        #expect(ReportFormat.docx.isBinary && !ReportFormat.html.isBinary)
        #expect(ReportFormat(parsing: "xml") == nil)
    }
}
