/// A line chart of one series over time, attached to a report section: HTML draws it as an
/// inline SVG (``TrendChartSVG``) above the section's table, which holds the same figures (the
/// chart's text alternative); the other formats carry the table only.
public struct ReportChart: Hashable, Sendable {
    /// One point: its label on the x axis and its value in hundredths of the unit (nil: no data,
    /// drawn as a gap).
    public struct Point: Hashable, Sendable {
        /// The x-axis label, e.g. `2020-01`.
        public var label: String
        /// The value in hundredths of the unit (a percentage of 87.5 is 8750); nil for no data.
        public var hundredths: Int?

        /// Creates a point.
        public init(label: String, hundredths: Int?) {
            self.label = label
            self.hundredths = hundredths
        }
    }

    /// The chart's title (also its SVG `<title>`).
    public var title: String
    /// What it shows, in words (its SVG `<desc>`).
    public var description: String
    /// The unit of the values: `percent` charts run from 0 to 100%.
    public var unit: ReportQuantity.Unit
    /// The points, in order.
    public var points: [Point]

    /// Creates a chart.
    public init(title: String, description: String, unit: ReportQuantity.Unit, points: [Point]) {
        self.title = title
        self.description = description
        self.unit = unit
        self.points = points
    }
}
