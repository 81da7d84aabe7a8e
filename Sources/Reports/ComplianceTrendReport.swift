import CareCalendar
import CareRecord
import Projections

/// The compliance trend: one section per indicator measure (whole service), each a table of
/// the measure's figure month by month and a line chart of it (drawn in HTML by
/// ``TrendChartSVG``).
///
/// Column keys: `month` (`YYYY-MM`), `from`, `to` (the month's days within the period),
/// `figure` (a fraction for rates — CSV adds `figureNumerator`, `figureDenominator`,
/// `figurePercent` — or the count for `medicationErrors`; empty when there is no data).
public enum ComplianceTrendReport {
    /// The columns of each measure's table.
    public static let columns: [ReportColumn] = [
        ReportColumn("month", "Month"),
        ReportColumn("from", "From"),
        ReportColumn("to", "To"),
        ReportColumn("figure", "Figure"),
    ]

    /// The report for `output`, built in `context`.
    public static func document(_ output: ComplianceTrendOutput, context: ProjectionContext) -> ReportDocument {
        let period = context.parameters.period
        let sections = ComplianceMeasure.allCases.map { measure in
            section(measure, months: output.months)
        }
        let intro = ReportSection(notes: [
            "Whole-service compliance month by month, \(period.lowerBound.iso8601) to \(period.upperBound.iso8601). "
                + "Each month's figure is the compliance report's for that month alone; no denominator means no data, never 100%."
        ])
        return ReportDocument(
            title: "Compliance trend \(period.lowerBound.iso8601) to \(period.upperBound.iso8601)",
            provenance: ReportProvenance(context: context, period: period), sections: [intro] + sections)
    }

    static func monthLabel(_ period: ClosedRange<CareDate>) -> String {
        String(period.lowerBound.iso8601.prefix(7))
    }

    static func section(_ measure: ComplianceMeasure, months: [ComplianceTrendOutput.Month]) -> ReportSection {
        let isCount = IndicatorReading.isCount(measure)
        var rows: [[ReportCell]] = []
        var points: [ReportChart.Point] = []
        for month in months {
            let value = month.compliance.service.value(of: measure)
            let figure: ReportCell
            var hundredths: Int?
            if isCount {
                let count = month.compliance.service.medicationErrors
                figure = .integer(count)
                hundredths = count * 100
            } else if let value {
                figure = .fraction(numerator: value.numerator, denominator: value.denominator)
                hundredths = ReportValueFormat.percentTenths(numerator: value.numerator, denominator: value.denominator)
                    .map { $0 * 10 }
            } else {
                figure = .empty
            }
            rows.append([
                .text(monthLabel(month.period)), .date(month.period.lowerBound), .date(month.period.upperBound), figure,
            ])
            points.append(ReportChart.Point(label: monthLabel(month.period), hundredths: hundredths))
        }
        let name = IndicatorDescription.measureName(measure)
        return ReportSection(
            heading: name,
            notes: ["Measure key: \(measure.rawValue)."],
            table: ReportTable(columns: columns, rows: rows),
            chart: ReportChart(
                title: "\(name), month by month",
                description: "Line chart of \(name) for each month"
                    + (isCount ? "." : ", from 0 to 100 percent."),
                unit: isCount ? .count : .percent, points: points))
    }
}
