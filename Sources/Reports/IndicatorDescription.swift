import CareRecord
import Projections

/// What a Board reader needs beside a computed RAG: the measure in words, which way is better,
/// the target, the amber tolerance (and the bands they make) and the figure, as one structured
/// cell (``ReportCell/record(_:)``) whose fields every format carries.
///
/// Record keys: `measure` (code: the measure's key), `direction` (code: `higherIsBetter`,
/// `lowerIsBetter`), `unit` (code: `percent`, `count`), `target` and `amberTolerance`
/// (quantities in the measure's unit), `bands` (text), `scope` (text: `whole service` or
/// `team <name>`), `figure` (the quarter's reading: a fraction for a rate, an integer for a
/// count, empty when there is no data).
public enum IndicatorDescription {
    /// The measure in words, with its unit, e.g. `Missed medications (% of MAR entries)`.
    public static func measureName(_ measure: ComplianceMeasure) -> String {
        switch measure {
        case .plansWithin28Days: return "Personal plans prepared within 28 days of the first service date (%)"
        case .reviewsWithinSixMonths: return "People reviewed within six months (%)"
        case .visitsVerifiedElectronically: return "Delivered visits checked in and out electronically (%)"
        case .visitsOnTime: return "Delivered visits started on time (%)"
        case .missedVisits: return "Missed visits (% of scheduled visits)"
        case .marEntriesWithOutcome: return "MAR entries with an outcome (%)"
        case .missedMedications: return "Missed medications (% of MAR entries)"
        case .medicationErrors: return "Medication errors (count)"
        case .complaintsStage1OnTime: return "Stage 1 complaints answered on time (%)"
        case .complaintsStage2AcknowledgedOnTime: return "Stage 2 complaints acknowledged on time (%)"
        case .complaintsStage2OnTime: return "Stage 2 complaints answered on time (%)"
        case .notificationsOnTime: return "Care Inspectorate notifications submitted on time (%)"
        case .trainingCurrent: return "Staff with every required course current (%)"
        case .supervisionWithinInterval: return "Staff supervised within the interval (%)"
        case .ssscRegistrationCurrent: return "Staff with current SSSC registration (%)"
        }
    }

    /// `Higher is better` or `Lower is better`.
    public static func directionLabel(_ direction: IndicatorDirection) -> String {
        switch direction {
        case .higherIsBetter: return "Higher is better"
        case .lowerIsBetter: return "Lower is better"
        }
    }

    /// The unit of the measure's values: percent for rates, count for counts.
    public static func unit(_ measure: ComplianceMeasure) -> ReportQuantity.Unit {
        IndicatorReading.isCount(measure) ? .count : .percent
    }

    /// The three bands in words, e.g. `green 90% or more; amber 85% to under 90%; red under 85%`
    /// (both edges belong to the better band, as ``Projections/IndicatorRAG`` rates them).
    public static func bands(_ indicator: ActivityIndicator) -> String {
        let unit = unit(indicator.measure)
        let target = ReportQuantity(indicator.target, unit: unit).label
        switch indicator.direction {
        case .higherIsBetter:
            let edge = ReportQuantity(indicator.target - indicator.amberTolerance, unit: unit).label
            if indicator.amberTolerance <= 0 { return "green \(target) or more; red under \(target)" }
            return "green \(target) or more; amber \(edge) to under \(target); red under \(edge)"
        case .lowerIsBetter:
            let edge = ReportQuantity(indicator.target + indicator.amberTolerance, unit: unit).label
            if indicator.amberTolerance <= 0 { return "green \(target) or less; red over \(target)" }
            return "green \(target) or less; amber over \(target) up to \(edge); red over \(edge)"
        }
    }

    /// The quarter's figure as a cell: a fraction for a rate (shown with its percentage), the
    /// count for a count measure, empty without a reading.
    public static func figure(_ indicator: ActivityIndicator, reading: IndicatorReading?) -> ReportCell {
        guard let reading else { return .empty }
        if IndicatorReading.isCount(indicator.measure) { return .integer(reading.numerator) }
        return .fraction(numerator: reading.numerator, denominator: reading.denominator)
    }

    /// The structured cell for `indicator` with the quarter's `reading` (nil: no figure).
    public static func record(_ indicator: ActivityIndicator, reading: IndicatorReading?) -> ReportCell {
        let unit = unit(indicator.measure)
        let toleranceUnit: ReportQuantity.Unit = unit == .percent ? .percentagePoints : .count
        return .record([
            ReportField(
                "measure", "Measure", .code(indicator.measure.rawValue, label: measureName(indicator.measure))),
            ReportField(
                "direction", "Direction",
                .code(indicator.direction.rawValue, label: directionLabel(indicator.direction))),
            ReportField("unit", "Unit", .code(unit.rawValue, label: unit == .percent ? "percent" : "count")),
            ReportField("target", "Target", .quantity(ReportQuantity(indicator.target, unit: unit))),
            ReportField(
                "amberTolerance", "Amber tolerance",
                .quantity(ReportQuantity(indicator.amberTolerance, unit: toleranceUnit))),
            ReportField("bands", "Bands", .text(bands(indicator))),
            ReportField("scope", "Scope", .text(indicator.team.map { "team \($0)" } ?? "whole service")),
            ReportField("figure", "Figure", figure(indicator, reading: reading)),
        ])
    }

    /// The RAG basis in words: `set by hand: …`, `computed: 284/42285 = 0.7% (lower is better,
    /// target 1%)`, `no data for the indicator`, `no update RAG and no indicator`.
    public static func basis(_ source: RAGSource, indicator: ActivityIndicator?) -> String {
        guard case .indicator(let reading, _) = source, let indicator else { return source.explanation }
        let unit = unit(indicator.measure)
        let target = ReportQuantity(indicator.target, unit: unit).label
        let value: String
        if unit == .count {
            value = "\(reading.numerator)"
        } else {
            let percent = ReportValueFormat.percent(numerator: reading.numerator, denominator: reading.denominator)
            value = "\(reading.numerator)/\(reading.denominator) = \(percent ?? "\u{2013}")%"
        }
        let direction = indicator.direction == .higherIsBetter ? "higher is better" : "lower is better"
        return "computed: \(value) (\(direction), target \(target))"
    }
}
