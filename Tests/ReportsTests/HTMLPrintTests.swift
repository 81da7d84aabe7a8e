import CareCalendar
import EventLog
import Foundation
import Projections
import Reports
import Testing

/// The HTML reports print on A4 with no column clipped: headless Chromium prints each to PDF and
/// `pdftotext` must find every column header and a known cell of the last column.
@Suite("HTML printing")
struct HTMLPrintTests {
    /// A reviews-due-like table: many columns, the last one (`Rule`) holding a citation.
    static let reviewsDueLike = ReportDocument(
        title: "Reviews due as at 2020-02-04", provenance: ReportFixture.provenance,
        sections: [
            ReportSection(
                heading: "Every outstanding duty",
                table: ReportTable(
                    columns: [
                        ReportColumn("team", "Team"), ReportColumn("personId", "Person"),
                        ReportColumn("duty", "Duty"), ReportColumn("since", "Since"),
                        ReportColumn("dueDate", "Due date"), ReportColumn("daysOverdue", "Days overdue"),
                        ReportColumn("daysRemaining", "Days remaining"), ReportColumn("deadlineBasis", "Basis"),
                        ReportColumn("status", "Status"), ReportColumn("rule", "Rule"),
                    ],
                    rows: (1...40).map { index in
                        [
                            .text("barrhead"), .text("P\(1000 + index)"),
                            .code("sixMonthReview", label: "Six-month review"),
                            .date(ReportFixture.date("2019-08-01")), .date(ReportFixture.date("2020-02-01")),
                            .integer(index), .empty, .code("statute", label: "Statute"),
                            .code("overdue", label: "Overdue"), .text("SSI 2011/210 reg 5(2)(c) [S*]"),
                        ]
                    }))
        ])

    /// A notification-extract-like table whose last column holds long unbreakable references.
    static let extractLike = ReportDocument(
        title: "Care Inspectorate notifications", provenance: ReportFixture.provenance,
        sections: [
            ReportSection(
                table: ReportTable(
                    columns: [
                        ReportColumn("subject", "Subject"), ReportColumn("category", "Category"),
                        ReportColumn("occurredAt", "Occurred"), ReportColumn("deadline", "Deadline"),
                        ReportColumn("submittedAt", "Submitted"), ReportColumn("timeliness", "Timeliness"),
                        ReportColumn("lateByMinutes", "Late by (min)"),
                        ReportColumn("eformsReference", "eForms reference"),
                    ],
                    rows: (1...12).map { index in
                        [
                            .text("pseudonym-7f3a9c2e41d8b6a0\(index)"), .code("seriousInjury", label: "seriousInjury"),
                            .instant(ReportFixture.instant("2020-01-29T09:30:00.000Z")),
                            .instant(ReportFixture.instant("2020-01-30T09:30:00.000Z")),
                            .instant(ReportFixture.instant("2020-01-30T11:00:00.000Z")),
                            .code("late", label: "late"), .integer(90),
                            .text("CI-EFORMS-2020-0000000\(index)-NOTIFICATION-REFERENCE-ABCDEFGH"),
                        ]
                    }))
        ])

    static let chromium = ["chromium", "chromium-browser", "google-chrome"].first { ExternalTool.path($0) != nil }

    /// The document printed to PDF by headless Chromium, as `pdftotext -layout` text.
    static func printed(_ document: ReportDocument) throws -> String {
        let directory = try ExternalTool.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = directory.appendingPathComponent("report.html")
        let pdf = directory.appendingPathComponent("report.pdf")
        try Data(ReportRenderer().render(document, as: .html)).write(to: html)
        try ExternalTool.run(
            try #require(chromium),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
                "--print-to-pdf=\(pdf.path)", html.absoluteString,
            ])
        return try ExternalTool.pdfText(pdf)
    }

    @Test(
        .enabled(
            if: HTMLPrintTests.chromium != nil && ExternalTool.path("pdftotext") != nil,
            "chromium or pdftotext is not installed (apt-get install chromium poppler-utils)"),
        arguments: ["rag", "reviews-due", "notifications"])
    func everyColumnAndTheLastColumnsCellsArePrinted(report: String) throws {
        let document: ReportDocument
        let lastCell: String
        switch report {
        case "rag":
            document = try RAGTableFixture.document()
            lastCell = "improved"
        case "reviews-due":
            document = Self.reviewsDueLike
            lastCell = "2011/210"
        default:
            document = Self.extractLike
            lastCell = "ABCDEFGH"
        }
        let text = try Self.printed(document)
        let table = try #require(document.sections.last?.table)
        for column in table.columns {
            #expect(ExternalTool.containsWords(of: column.title, in: text), "\(report): column \(column.title) printed")
        }
        #expect(text.contains(lastCell), "\(report): a cell of the last column is printed")
    }

    @Test func wideTablesPrintLandscapeAndNarrowOnesDoNot() {
        let wide = String(decoding: ReportRenderer().render(Self.reviewsDueLike, as: .html), as: UTF8.self)
        #expect(wide.contains("@page { size: A4 landscape; }"))
        #expect(wide.contains("thead { display: table-header-group; }"))
        let narrow = ReportDocument(
            title: "Narrow", provenance: ReportFixture.provenance,
            sections: [ReportSection(table: ReportTable(columns: [ReportColumn("a", "A")], rows: [[.integer(1)]]))])
        #expect(!String(decoding: ReportRenderer().render(narrow, as: .html), as: UTF8.self).contains("landscape"))
    }
}
