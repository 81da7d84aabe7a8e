import CareCalendar
import CareRecord
import Projections

/// Turns an ``Projections/ImprovementRAGTable`` into a ``ReportDocument``: one section per
/// workstream (as in the East Renfrewshire paper), one row per activity.
///
/// Column keys: `workstream`, `activity`, `latestUpdate`, `rag`, `ragBasis`, `indicator`
/// (a record: measure, direction, unit, target, amber tolerance, bands, scope, figure — see
/// ``IndicatorDescription``), `nextQuarterPlan`, `previousRag`, `change`.
public enum ImprovementRAGReport {
    /// The columns, in order; the plan column's title names the next quarter, e.g. `Q1 2020 (Jan, Feb, Mar)`.
    public static func columns(for quarter: Quarter) -> [ReportColumn] {
        [
            ReportColumn("workstream", "Workstream"),
            ReportColumn("activity", "Activity"),
            ReportColumn("latestUpdate", "Latest Update"),
            ReportColumn("rag", "RAG"),
            ReportColumn("ragBasis", "RAG basis"),
            ReportColumn("indicator", "Indicator"),
            ReportColumn("nextQuarterPlan", planTitle(for: quarter.next)),
            ReportColumn("previousRag", "Previous RAG (\(quarter.previous))"),
            ReportColumn("change", "Change"),
        ]
    }

    /// `Q1 2020 (Jan, Feb, Mar)`.
    public static func planTitle(for quarter: Quarter) -> String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let months = (0..<3).map { names[(quarter.number - 1) * 3 + $0] }.joined(separator: ", ")
        return "Q\(quarter.number) \(quarter.year) (\(months))"
    }

    /// The section heading for a workstream, e.g. `Workstream 1 Requirements Phase 2`.
    public static func heading(for workstream: ImprovementRAGWorkstream) -> String {
        "Workstream \(workstream.number) \(workstream.title)"
    }

    /// The reading a computed RAG was rated from (nil when the RAG was not computed).
    static func reading(_ source: RAGSource) -> IndicatorReading? {
        guard case .indicator(let reading, _) = source else { return nil }
        return reading
    }

    /// The report document.
    public static func document(_ table: ImprovementRAGTable, context: ProjectionContext) -> ReportDocument {
        let columns = columns(for: table.quarter)
        let sections = table.workstreams.map { workstream in
            ReportSection(
                heading: heading(for: workstream),
                table: ReportTable(
                    columns: columns,
                    rows: workstream.rows.map { row in
                        [
                            .text(heading(for: workstream)),
                            .text(row.activityTitle),
                            row.updates.isEmpty ? .empty : .bullets(row.updates),
                            .rag(row.rag),
                            .text(IndicatorDescription.basis(row.ragSource, indicator: row.indicator)),
                            row.indicator.map { IndicatorDescription.record($0, reading: reading(row.ragSource)) }
                                ?? .empty,
                            row.nextQuarterPlan.isEmpty ? .empty : .bullets(row.nextQuarterPlan),
                            row.previousRAG.map { .rag($0) } ?? .empty,
                            .code(row.change.rawValue, label: row.change.label),
                        ]
                    }))
        }
        let title = "\(table.programmeTitle ?? table.programmeId) — RAG table \(table.quarter)"
        let intro = ReportSection(notes: [
            "Latest update and RAG for \(table.quarter); plan for \(planTitle(for: table.quarter.next)).",
            "RAG set by hand in an update wins (rationale shown); otherwise it is computed from the activity's indicator against its target and amber tolerance. Missing data shows as \"no data\", never green.",
            "The Indicator column names each measure, which way is better, the target, the amber tolerance and the figure the RAG was computed from.",
        ])
        return ReportDocument(
            title: title, provenance: ReportProvenance(context: context), sections: [intro] + sections)
    }
}
