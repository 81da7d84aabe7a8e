/// Draws a ``ReportChart`` as an inline SVG line chart: a pure function of the chart, with
/// integer coordinates, so the same chart always gives the same characters.
///
/// Accessible: `role="img"` labelled by its `<title>` and `<desc>` (the description ends by
/// pointing at the data table that follows), every point has a `<title>` with its label and
/// value, and the value labels are text, so nothing depends on colour. Percent charts run from
/// 0 to 100%; count charts from 0 to the largest value. Points without data leave a gap.
public enum TrendChartSVG {
    static let width = 640
    static let height = 240
    static let left = 48
    static let right = 16
    static let top = 16
    static let bottom = 40

    /// The SVG element for `chart`; `id` makes the title and description ids unique in a page.
    public static func svg(_ chart: ReportChart, id: String) -> String {
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let values = chart.points.compactMap(\.hundredths)
        let maximum = chart.unit == .percent ? 10_000 : max(100, (values.max() ?? 0))
        let minimum = chart.unit == .percent ? 0 : min(0, values.min() ?? 0)
        let span = max(1, maximum - minimum)
        let count = chart.points.count
        func x(_ index: Int) -> Int { left + (count <= 1 ? plotWidth / 2 : index * plotWidth / (count - 1)) }
        func y(_ value: Int) -> Int { top + plotHeight - (value - minimum) * plotHeight / span }
        func label(_ hundredths: Int) -> String {
            let quantity = ReportQuantity(Double(hundredths) / 100, unit: chart.unit)
            return chart.unit == .percent ? quantity.number + "%" : quantity.number
        }

        let titleID = "\(id)-title"
        let descID = "\(id)-desc"
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\" role=\"img\" width=\"\(width)\""
        out += " height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" aria-labelledby=\"\(titleID) \(descID)\">\n"
        out += "<title id=\"\(titleID)\">\(escape(chart.title))</title>\n"
        out += "<desc id=\"\(descID)\">\(escape(chart.description)) The figures are in the table that follows.</desc>\n"
        // Gridlines and y labels: quarters of the range.
        for step in 0...4 {
            let value = minimum + span * step / 4
            let lineY = y(value)
            out += "<line x1=\"\(left)\" y1=\"\(lineY)\" x2=\"\(width - right)\" y2=\"\(lineY)\" stroke=\"#bbbbbb\""
            out += " stroke-width=\"1\"/>\n"
            out += "<text x=\"\(left - 6)\" y=\"\(lineY + 4)\" text-anchor=\"end\" font-size=\"11\" fill=\"#000000\">"
            out += "\(escape(label(value)))</text>\n"
        }
        // X labels.
        for (index, point) in chart.points.enumerated() {
            out += "<text x=\"\(x(index))\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\" font-size=\"11\""
            out += " fill=\"#000000\">\(escape(point.label))</text>\n"
        }
        // The line, broken where there is no data.
        var runs: [[(Int, Int)]] = [[]]
        for (index, point) in chart.points.enumerated() {
            if let value = point.hundredths {
                runs[runs.count - 1].append((x(index), y(value)))
            } else if !(runs.last?.isEmpty ?? true) {
                runs.append([])
            }
        }
        for run in runs where run.count > 1 {
            let coordinates = run.map { "\($0.0),\($0.1)" }.joined(separator: " ")
            out += "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"#1d4f91\" stroke-width=\"2\"/>\n"
        }
        for (index, point) in chart.points.enumerated() {
            guard let value = point.hundredths else { continue }
            out += "<circle cx=\"\(x(index))\" cy=\"\(y(value))\" r=\"4\" fill=\"#1d4f91\">"
            out += "<title>\(escape(point.label)): \(escape(label(value)))</title></circle>\n"
        }
        return out + "</svg>\n"
    }

    static func escape(_ text: String) -> String {
        HTMLReportWriter.escape(text, lineBreak: " ")
    }
}
