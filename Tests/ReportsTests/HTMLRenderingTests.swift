import Foundation
import Reports
import Testing

/// The whole HTML page of the fixture, compared byte for byte, plus the properties a reader relies on.
@Suite struct HTMLRenderingTests {
    /// The expected page (the literal has no trailing newline; the output ends with one).
    static let expected = #"""
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Improvement programme: Q1 2020</title>
        <style>
        @page { size: A4; margin: 15mm 12mm 18mm 12mm; }
        @page { @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, Helvetica, sans-serif; } }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: Arial, "Helvetica Neue", Helvetica, sans-serif; font-size: 11pt; line-height: 1.35; color: #000; background: #fff; margin: 0 auto; max-width: 186mm; padding: 8mm 0; }
        h1 { font-size: 18pt; margin: 0 0 4mm 0; }
        h2 { font-size: 14pt; margin: 6mm 0 2mm 0; break-after: avoid; page-break-after: avoid; }
        p { margin: 0 0 2mm 0; }
        .provenance { border: 1px solid #000; padding: 2mm 3mm; margin: 0 0 5mm 0; font-size: 9.5pt; display: grid; grid-template-columns: max-content 1fr; column-gap: 3mm; row-gap: 1mm; break-inside: avoid; }
        .provenance dt { font-weight: bold; }
        .provenance dd { margin: 0; overflow-wrap: anywhere; }
        .provenance code { font-family: "Courier New", Courier, monospace; font-size: 8.5pt; }
        table { border-collapse: collapse; width: 100%; margin: 0 0 4mm 0; font-size: 10pt; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        th, td { border: 1px solid #444; padding: 1.5mm 2mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; word-break: normal; }
        th { background: #e6e6e6; font-weight: bold; overflow-wrap: break-word; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.date { white-space: nowrap; }
        td.rag, th.rag { text-align: center; white-space: nowrap; }
        td.rag { font-weight: bold; }
        td.rag-red { background: #e5534b; }
        td.rag-amber { background: #ffbf47; }
        td.rag-green { background: #4caf50; }
        td.rag-nodata { background: #d9d9d9; font-weight: normal; font-style: italic; }
        abbr { text-decoration: none; border: 0; }
        ul { margin: 0; padding-left: 4.5mm; }
        li { margin: 0 0 0.5mm 0; }
        td.record div { margin: 0 0 0.5mm 0; }
        figure.chart { margin: 0 0 3mm 0; break-inside: avoid; page-break-inside: avoid; }
        figure.chart svg { max-width: 100%; height: auto; }
        .field { font-weight: bold; }
        span.rag { font-weight: bold; padding: 0 1mm; }
        span.rag-red { background: #e5534b; }
        span.rag-amber { background: #ffbf47; }
        span.rag-green { background: #4caf50; }
        span.rag-nodata { background: #d9d9d9; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          table { font-size: 8.5pt; table-layout: auto; width: 100%; max-width: 100%; }
          th, td { padding: 1mm 1.2mm; }
          td.num, th.num, td.date { white-space: normal; }
        }
        @page { size: A4 landscape; }
        </style>
        </head>
        <body>
        <header>
        <h1>Improvement programme: Q1 2020</h1>
        <dl class="provenance">
        <dt>As at</dt><dd>2020-03-31</dd>
        <dt>Period</dt><dd>2020-01-01 to 2020-03-31</dd>
        <dt>Log position</dt><dd>sequence 1200, head hash <code>00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff</code>, store ID store-7f3a, last event recorded 2020-03-31 17:05 BST</dd>
        <dt>Rules</dt><dd>rules v3 (in force from 2020-01-01)</dd>
        </dl>
        </header>
        <main>
        <section>
        <h2>Workstream 1 Requirements Phase 2</h2>
        <p>Activities in programme order.</p>
        <p>RAG set by hand where the update says so.</p>
        <table>
        <thead>
        <tr><th scope="col">Activity</th><th scope="col">Latest update</th><th scope="col" class="rag">RAG</th><th scope="col">Next quarter</th><th scope="col">Due</th><th scope="col">Recorded</th><th scope="col" class="num">Staff</th><th scope="col" class="num">Compliance</th></tr>
        </thead>
        <tbody>
        <tr><td>Care Planning</td><td><ul><li>Plans continue</li><li>Reports from Carefirst</li></ul></td><td class="rag rag-amber"><abbr title="Amber">A</abbr></td><td>Plan | risk, &quot;outcomes&quot;<br>see &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</td><td class="date">2020-03-31</td><td>2020-01-29 09:30 GMT</td><td class="num">12</td><td class="num">45/50 (90.0%)</td></tr>
        <tr><td>Medication</td><td></td><td class="rag rag-green"><abbr title="Green">G</abbr></td><td>-ve result, recheck</td><td></td><td>2020-06-01 10:05 BST</td><td class="num">0</td><td class="num">0/0 (–)</td></tr>
        <tr><td>Reviews</td><td><ul><li>Overdue reviews done</li></ul></td><td class="rag rag-red"><abbr title="Red">R</abbr></td><td></td><td class="date">2020-02-29</td><td></td><td class="num">-3</td><td class="num">1/3 (33.3%)</td></tr>
        <tr><td>Complaints</td><td></td><td class="rag rag-nodata">no data</td><td>Monthly reviews</td><td></td><td></td><td class="num"></td><td class="num"></td></tr>
        </tbody>
        </table>
        </section>
        <section>
        <h2>Whole service</h2>
        <table>
        <thead>
        <tr><th scope="col">Team</th><th scope="col" class="num">Compliance</th><th scope="col" class="rag">RAG</th></tr>
        </thead>
        <tbody>
        <tr><td>Barrhead</td><td class="num">2/3 (66.7%)</td><td class="rag rag-green"><abbr title="Green">G</abbr></td></tr>
        </tbody>
        </table>
        </section>
        </main>
        </body>
        </html>
        """# + "\n"

    @Test func wholeDocumentMatchesGolden() {
        #expect(ReportFixture.text(.html) == Self.expected)
    }

    @Test func ragCellsCarryTheirTextLabelBesideTheColour() {
        let text = ReportFixture.text(.html)
        #expect(text.contains("<td class=\"rag rag-red\"><abbr title=\"Red\">R</abbr></td>"))
        #expect(text.contains("<td class=\"rag rag-amber\"><abbr title=\"Amber\">A</abbr></td>"))
        #expect(text.contains("<td class=\"rag rag-green\"><abbr title=\"Green\">G</abbr></td>"))
        #expect(text.contains("<td class=\"rag rag-nodata\">no data</td>"))
        // Every coloured cell has a label: count coloured cells and labels.
        let coloured = text.components(separatedBy: "<td class=\"rag rag-").count - 1
        let labelled = ["R</abbr></td>", "A</abbr></td>", "G</abbr></td>", ">no data</td>"]
            .map { text.components(separatedBy: $0).count - 1 }.reduce(0, +)
        #expect(coloured == 5)
        #expect(labelled == coloured)
    }

    @Test func textIsEscapedAndThereAreNoScripts() {
        let text = ReportFixture.text(.html)
        #expect(!text.lowercased().contains("<script"))
        #expect(text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"))
        #expect(text.contains("&quot;outcomes&quot;"))
        #expect(!text.contains("http://") && !text.contains("https://"))
    }

    @Test func pageIsStandaloneBritishEnglishAndPrintableOnA4() {
        let text = ReportFixture.text(.html)
        #expect(text.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">\n"))
        #expect(text.contains("@page { size: A4;"))
        #expect(text.contains("thead { display: table-header-group; }"))
        #expect(!text.contains("<link") && !text.contains("<img") && !text.contains("@import"))
    }
}
