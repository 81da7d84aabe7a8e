import CareCalendar
import Projections
import Reports
import Testing

/// The complaints report: one row per complaint from the compliance projection's time limits,
/// with each limit's due date, answer and outcome, and whether all were met.
@Suite("Complaints report")
struct ComplaintsReportTests {
    static func day(_ text: String) -> CareDate { ReportFixture.date(text) }

    static func limit(
        _ id: String, _ step: ComplaintDeadline.Step, started: String, due: String, extended: String? = nil,
        answered: String?, _ outcome: ComplaintDeadline.Outcome
    ) -> ComplaintDeadline {
        ComplaintDeadline(
            complaintId: id, team: "barrhead", step: step, startedOn: day(started), dueOn: day(due),
            extendedDueOn: extended.map(day), answeredOn: answered.map(day), outcome: outcome)
    }

    static let output = ComplianceOutput(
        period: day("2020-01-01")...day("2020-03-31"), teams: [], service: ComplianceMeasures(team: nil),
        complaintDeadlines: [
            limit("C1", .stage1Response, started: "2020-01-06", due: "2020-01-13", answered: "2020-01-10", .onTime),
            limit(
                "C2", .stage1Response, started: "2020-01-08", due: "2020-01-15", extended: "2020-01-22",
                answered: "2020-01-21", .onTime),
            limit("C2", .stage2Acknowledgement, started: "2020-01-27", due: "2020-01-30", answered: nil, .unanswered),
            limit("C2", .stage2Response, started: "2020-01-27", due: "2020-02-24", answered: "2020-02-20", .onTime),
            limit("C3", .stage1Response, started: "2020-02-03", due: "2020-02-10", answered: nil, .withdrawn),
        ])

    static func rows() throws -> (columns: [String], rows: [[ReportCell]]) {
        let document = ComplaintsReport.document(output, context: try RAGTableFixture.context())
        let table = try #require(document.sections.last?.table)
        return (table.columns.map(\.key), table.rows)
    }

    @Test func oneRowPerComplaintWithItsStageAndWhetherEveryLimitWasMet() throws {
        let (columns, rows) = try Self.rows()
        func cell(_ row: Int, _ key: String) throws -> ReportCell {
            rows[row][try #require(columns.firstIndex(of: key))]
        }
        #expect(rows.count == 3)
        #expect(try cell(0, "stage") == .code("stage1", label: "Stage 1"))
        #expect(try cell(0, "met") == .code("yes", label: "yes"))
        #expect(try cell(1, "stage") == .code("stage2", label: "Stage 2"))
        #expect(try cell(1, "stage1Due") == .date(Self.day("2020-01-22")), "the extended deadline applies")
        #expect(try cell(1, "stage2AcknowledgementOutcome") == .code("unanswered", label: "not answered"))
        #expect(try cell(1, "stage2Due") == .date(Self.day("2020-02-24")))
        #expect(try cell(1, "met") == .code("no", label: "no"))
        #expect(try cell(2, "met") == .code("notCounted", label: "not counted (withdrawn)"))
        #expect(try cell(2, "stage2Due") == .empty)
    }

    @Test func everyTimeLimitOfTheComplianceReportIsInTheComplaintsReport() throws {
        let (columns, rows) = try Self.rows()
        let ids = rows.compactMap { row -> String? in
            guard case .text(let id) = row[0] else { return nil }
            return id
        }
        #expect(columns.first == "complaintId")
        #expect(Set(ids) == Set(Self.output.complaintDeadlines.map(\.complaintId)))
        for deadline in Self.output.complaintDeadlines {
            let row = try #require(rows.first { $0[0] == .text(deadline.complaintId) })
            let key: String
            switch deadline.step {
            case .stage1Response: key = "stage1Outcome"
            case .stage2Acknowledgement: key = "stage2AcknowledgementOutcome"
            case .stage2Response: key = "stage2Outcome"
            }
            #expect(
                row[try #require(columns.firstIndex(of: key))]
                    == .code(deadline.outcome.rawValue, label: deadline.outcome.label))
        }
    }
}
