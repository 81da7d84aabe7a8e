import Reports
import Testing

/// The whole Markdown output of the fixture, compared byte for byte.
@Suite struct MarkdownRenderingTests {
    /// The expected page (the literal has no trailing newline; the output ends with one).
    static let expected = #"""
        # Improvement programme: Q1 2020

        - **As at:** 2020-03-31
        - **Period:** 2020-01-01 to 2020-03-31
        - **Log position:** sequence 1200, head hash `00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff`, store ID store-7f3a, last event recorded 2020-03-31 17:05 BST
        - **Rules:** rules v3 (in force from 2020-01-01)

        ## Workstream 1 Requirements Phase 2

        Activities in programme order.

        RAG set by hand where the update says so.

        | Activity | Latest update | RAG | Next quarter | Due | Recorded | Staff | Compliance |
        | --- | --- | :---: | --- | --- | --- | ---: | ---: |
        | Care Planning | • Plans continue<br>• Reports from Carefirst | A | Plan \| risk, "outcomes"<br>see &lt;script&gt;alert('x')&lt;/script&gt; &amp; more | 2020-03-31 | 2020-01-29 09:30 GMT | 12 | 45/50 (90.0%) |
        | Medication |  | G | -ve result, recheck |  | 2020-06-01 10:05 BST | 0 | 0/0 (–) |
        | Reviews | • Overdue reviews done | R |  | 2020-02-29 |  | -3 | 1/3 (33.3%) |
        | Complaints |  | no data | Monthly reviews |  |  |  |  |

        ## Whole service

        | Team | Compliance | RAG |
        | --- | ---: | :---: |
        | Barrhead | 2/3 (66.7%) | G |
        """# + "\n"

    @Test func wholeDocumentMatchesGolden() {
        #expect(ReportFixture.text(.markdown) == Self.expected)
    }

    @Test func pipesAreEscapedAndScriptIsInert() {
        let text = ReportFixture.text(.markdown)
        #expect(text.contains("Plan \\| risk"))
        #expect(!text.contains("<script>"))
        #expect(text.contains("&lt;script&gt;"))
    }

    @Test func everyTableRowHasOneCellPerColumn() {
        // Unescaped pipes delimit cells: each row of the first table must have 8 cells (9 pipes).
        let rows = ReportFixture.text(.markdown).split(separator: "\n").filter { $0.hasPrefix("| ") }
        for row in rows.prefix(6) {
            var pipes = 0
            var escaped = false
            for c in row {
                if c == "|" && !escaped { pipes += 1 }
                escaped = c == "\\" && !escaped
            }
            #expect(pipes == 9, "\(row)")
        }
    }

    @Test func notesThatLookLikeMarkdownStayParagraphs() {
        let document = ReportDocument(
            title: "T", provenance: ReportFixture.provenance,
            sections: [ReportSection(notes: ["# not a heading", "- not a list", "12. not a list", "*plain* _text_"])])
        let text = ReportFixture.text(.markdown, document)
        #expect(text.contains("\n\n\\# not a heading\n"))
        #expect(text.contains("\n\n\\- not a list\n"))
        #expect(text.contains("\n\n12\\. not a list\n"))
        #expect(text.contains("\n\n\\*plain\\* \\_text\\_\n"))
    }
}
