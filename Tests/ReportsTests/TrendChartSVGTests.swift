import Foundation
import Reports
import Testing

/// The trend chart: deterministic, accessible (title, description, a title per point), and a
/// gap where a month has no data.
@Suite("Trend chart SVG")
struct TrendChartSVGTests {
    static let chart = ReportChart(
        title: "Visits on time <by month>", description: "Line chart of visits on time.", unit: .percent,
        points: [
            .init(label: "2020-01", hundredths: 9_000), .init(label: "2020-02", hundredths: 8_750),
            .init(label: "2020-03", hundredths: nil), .init(label: "2020-04", hundredths: 9_500),
            .init(label: "2020-05", hundredths: 9_600),
        ])

    @Test func theSameChartGivesTheSameSVG() {
        #expect(TrendChartSVG.svg(Self.chart, id: "c1") == TrendChartSVG.svg(Self.chart, id: "c1"))
    }

    @Test func chartIsLabelledByItsTitleAndDescriptionAndEscapesText() {
        let svg = TrendChartSVG.svg(Self.chart, id: "c1")
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("aria-labelledby=\"c1-title c1-desc\""))
        #expect(svg.contains("<title id=\"c1-title\">Visits on time &lt;by month&gt;</title>"))
        #expect(svg.contains("<desc id=\"c1-desc\">"))
        #expect(svg.contains("<title>2020-02: 87.5%</title>"))
        #expect(!svg.contains("<by month>"))
    }

    @Test func aMonthWithoutDataBreaksTheLine() {
        let svg = TrendChartSVG.svg(Self.chart, id: "c1")
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
        #expect(svg.contains(">2020-03</text>"), "the month is still on the axis")
    }
}
