import CareCalendar
import EventLog
import Projections
import Reports

/// A small document built by hand: two sections, every cell type, and text that needs
/// escaping in every format (`|`, `,`, quotes, a line break, `<script>`).
enum ReportFixture {
    static func date(_ text: String) -> CareDate { CareDate(iso8601: text)! }
    static func instant(_ text: String) -> Timestamp { Timestamp(iso8601: text)! }

    static let headHash = EventHash(hex: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")!

    static let provenance = ReportProvenance(
        asAt: date("2020-03-31"),
        period: date("2020-01-01")...date("2020-03-31"),
        checkpoint: Checkpoint(
            storeID: "store-7f3a", sequence: 1200, headHash: headHash,
            recordedAt: instant("2020-03-31T16:05:00.000Z")),
        rules: "rules v3 (in force from 2020-01-01)")

    /// The tricky text: a pipe, a comma, quotes, a line break and a script tag.
    static let trickyText = "Plan | risk, \"outcomes\"\nsee <script>alert('x')</script> & more"

    static let document = ReportDocument(
        title: "Improvement programme: Q1 2020",
        provenance: provenance,
        sections: [
            ReportSection(
                heading: "Workstream 1 Requirements Phase 2",
                notes: ["Activities in programme order.", "RAG set by hand where the update says so."],
                table: ReportTable(
                    columns: [
                        ReportColumn("activity", "Activity"),
                        ReportColumn("update", "Latest update"),
                        ReportColumn("rag", "RAG"),
                        ReportColumn("plan", "Next quarter"),
                        ReportColumn("due", "Due"),
                        ReportColumn("recorded", "Recorded"),
                        ReportColumn("staff", "Staff"),
                        ReportColumn("compliance", "Compliance"),
                    ],
                    rows: [
                        [
                            .text("Care Planning"), .bullets(["Plans continue", "Reports from Carefirst"]),
                            .rag(.amber), .text(trickyText), .date(date("2020-03-31")),
                            .instant(instant("2020-01-29T09:30:00.000Z")), .integer(12),
                            .fraction(numerator: 45, denominator: 50),
                        ],
                        [
                            .text("Medication"), .bullets([]), .rag(.green), .text("-ve result, recheck"),
                            .empty, .instant(instant("2020-06-01T09:05:00.000Z")), .integer(0),
                            .fraction(numerator: 0, denominator: 0),
                        ],
                        [
                            .text("Reviews"), .bullets(["Overdue reviews done"]), .rag(.red), .empty,
                            .date(date("2020-02-29")), .empty, .integer(-3),
                            .fraction(numerator: 1, denominator: 3),
                        ],
                        [
                            .text("Complaints"), .empty, .rag(.noData), .text("Monthly reviews"),
                            .empty, .empty, .empty, .empty,
                        ],
                    ])),
            ReportSection(
                heading: "Whole service",
                table: ReportTable(
                    columns: [
                        ReportColumn("team", "Team"),
                        ReportColumn("compliance", "Compliance"),
                        ReportColumn("rag", "RAG"),
                    ],
                    rows: [
                        [.text("Barrhead"), .fraction(numerator: 2, denominator: 3), .rag(.green)]
                    ])),
        ])

    static let renderer = ReportRenderer()

    static func text(_ format: ReportFormat, _ document: ReportDocument = document) -> String {
        String(decoding: renderer.render(document, as: format), as: UTF8.self)
    }
}
