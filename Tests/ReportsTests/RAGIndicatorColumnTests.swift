import CareRecord
import Foundation
import Projections
import Reports
import Testing

/// Every computed RAG cell explains itself: measure in words, direction, target, tolerance and
/// the figure (as a percentage for a rate), in every format, machine-readable in JSON and CSV.
@Suite("RAG table indicator column")
struct RAGIndicatorColumnTests {
    @Test func ragTableHasAnIndicatorColumnAfterTheBasis() throws {
        let document = try RAGTableFixture.document()
        let keys = try #require(document.sections.last?.table).columns.map(\.key)
        let basis = try #require(keys.firstIndex(of: "ragBasis"))
        #expect(keys.firstIndex(of: "indicator") == basis + 1)
        #expect(keys.last == "change")
    }

    @Test func computedBasisSaysTheFigureAsAPercentTheDirectionAndTheTarget() {
        let basis = IndicatorDescription.basis(
            .indicator(reading: IndicatorReading(numerator: 284, denominator: 42285), value: 0.67),
            indicator: RAGTableFixture.missedMedications)
        #expect(basis == "computed: 284/42285 = 0.7% (lower is better, target 1%)")
        let count = IndicatorDescription.basis(
            .indicator(reading: IndicatorReading(numerator: 3, denominator: 0), value: 3),
            indicator: RAGTableFixture.errors)
        #expect(count == "computed: 3 (lower is better, target 2)")
        #expect(
            IndicatorDescription.basis(.missingData, indicator: RAGTableFixture.errors) == "no data for the indicator")
    }

    @Test func bandsFollowTheDirectionWithBothEdgesInTheBetterBand() {
        #expect(
            IndicatorDescription.bands(RAGTableFixture.missedMedications)
                == "green 1% or less; amber over 1% up to 1.5%; red over 1.5%")
        #expect(
            IndicatorDescription.bands(RAGTableFixture.training)
                == "green 90% or more; amber 85% to under 90%; red under 85%")
    }

    @Test func jsonCarriesEachPartOfTheIndicatorAsItsOwnField() throws {
        let json = String(decoding: ReportRenderer().render(try RAGTableFixture.document(), as: .json), as: UTF8.self)
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let sections = try #require(parsed["sections"] as? [[String: Any]])
        let rows = try #require(sections.last?["rows"] as? [[String: Any]])
        let medication = try #require(rows.first?["indicator"] as? [String: Any])
        #expect(medication["measure"] as? String == "missedMedications")
        #expect(medication["direction"] as? String == "lowerIsBetter")
        #expect(medication["unit"] as? String == "percent")
        #expect((medication["target"] as? NSNumber)?.doubleValue == 1)
        #expect((medication["amberTolerance"] as? NSNumber)?.doubleValue == 0.5)
        let figure = try #require(medication["figure"] as? [String: Any])
        #expect((figure["numerator"] as? NSNumber)?.intValue == 284)
        #expect((figure["denominator"] as? NSNumber)?.intValue == 42285)
        #expect((figure["percent"] as? NSNumber)?.doubleValue == 0.7)
        // A hand-set RAG keeps its indicator but has no computed figure; no indicator gives null.
        let training = try #require(rows[2]["indicator"] as? [String: Any])
        #expect(training["figure"] is NSNull)
        #expect(training["scope"] as? String == "team barrhead")
        #expect(rows[4]["indicator"] is NSNull)
    }

    @Test func csvAddsOneFieldPerIndicatorPart() throws {
        let csv = String(decoding: ReportRenderer().render(try RAGTableFixture.document(), as: .csv), as: UTF8.self)
        let header = try #require(csv.split(separator: "\r\n").first).split(separator: ",").map(String.init)
        for key in [
            "indicatorMeasure", "indicatorDirection", "indicatorTarget", "indicatorAmberTolerance", "indicatorFigure",
        ] {
            #expect(header.contains(key), "missing \(key)")
        }
        let records = try RFC4180Parser.parse(csv)
        let medication = try #require(records.dropFirst().first)
        func field(_ key: String) throws -> String { medication[try #require(header.firstIndex(of: key))] }
        #expect(try field("indicatorMeasure") == "missedMedications")
        #expect(try field("indicatorDirection") == "lowerIsBetter")
        #expect(try field("indicatorTarget") == "1")
        #expect(try field("indicatorAmberTolerance") == "0.5")
        #expect(try field("indicatorFigure") == "284/42285 (0.7%)")
    }

    @Test(arguments: [ReportFormat.markdown, .html])
    func peopleSeeTheMeasureInWordsBesideTheFigure(format: ReportFormat) throws {
        let text = String(decoding: ReportRenderer().render(try RAGTableFixture.document(), as: format), as: UTF8.self)
        #expect(text.contains("Missed medications (% of MAR entries)"))
        #expect(text.contains("Lower is better"))
        #expect(text.contains("1%"))
        #expect(text.contains("0.5 percentage points"))
        #expect(text.contains("284/42285 (0.7%)"))
        #expect(text.contains("Medication errors (count)"))
    }

    @Test func quantitiesAreSpelledExactlyWithoutTrailingZeros() {
        #expect(ReportQuantity(90, unit: .percent).label == "90%")
        #expect(ReportQuantity(92.5, unit: .percent).number == "92.5")
        #expect(ReportQuantity(0.25, unit: .percentagePoints).label == "0.25 percentage points")
        #expect(ReportQuantity(1, unit: .percentagePoints).label == "1 percentage point")
        #expect(ReportQuantity(-1.05, unit: .count).number == "-1.05")
        #expect(ReportQuantity(.nan, unit: .count).number == "0")
    }
}
