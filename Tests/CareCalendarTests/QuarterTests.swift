import CareCalendar
import Foundation
import Testing

@Suite("Quarters")
struct QuarterTests {
    @Test("Parses YYYY-Qn and writes it back")
    func parses() throws {
        let q = try #require(Quarter("2020-Q1"))
        #expect(q.year == 2020 && q.number == 1)
        #expect(q.description == "2020-Q1")
        #expect(Quarter("2021-Q4")?.number == 4)
    }

    @Test(
        "Rejects anything but YYYY-Qn with n in 1–4",
        arguments: [
            "2020-Q0", "2020-Q5", "2020-q1", "2020Q1", "20-Q1", "2020-Q1 ", "0000-Q1", "2020-Q", "2020-Q12",
            "2020-1", "", "202a-Q1",
        ])
    func rejects(text: String) {
        #expect(Quarter(text) == nil)
    }

    @Test(
        "First and last days of each quarter",
        arguments: [
            ("2020-Q1", "2020-01-01", "2020-03-31"),
            ("2021-Q2", "2021-04-01", "2021-06-30"),
            ("2021-Q3", "2021-07-01", "2021-09-30"),
            ("2021-Q4", "2021-10-01", "2021-12-31"),
        ])
    func bounds(text: String, first: String, last: String) throws {
        let q = try #require(Quarter(text))
        #expect(q.firstDay == d(first))
        #expect(q.lastDay == d(last))
    }

    @Test("Previous and next cross year boundaries")
    func previousNext() {
        #expect(Quarter("2020-Q1")!.previous == Quarter("2019-Q4")!)
        #expect(Quarter("2020-Q4")!.next == Quarter("2021-Q1")!)
        #expect(Quarter("2020-Q2")!.next == Quarter("2020-Q3")!)
        #expect(Quarter("2020-Q3")!.previous == Quarter("2020-Q2")!)
    }

    @Test("The quarter containing a date")
    func containing() {
        #expect(Quarter.containing(d("2020-03-31")) == Quarter("2020-Q1")!)
        #expect(Quarter.containing(d("2020-04-01")) == Quarter("2020-Q2")!)
        #expect(Quarter.containing(d("2020-09-30")) == Quarter("2020-Q3")!)
        #expect(Quarter.containing(d("2020-12-31")) == Quarter("2020-Q4")!)
        #expect(Quarter("2020-Q2")!.contains(d("2020-06-30")))
        #expect(!Quarter("2020-Q2")!.contains(d("2020-07-01")))
    }

    @Test("Quarters order chronologically and encode as strings")
    func orderAndCodable() throws {
        #expect(Quarter("2019-Q4")! < Quarter("2020-Q1")!)
        #expect(!(Quarter("2020-Q2")! < Quarter("2020-Q1")!))
        let data = try JSONEncoder().encode([Quarter("2020-Q3")!])
        #expect(String(decoding: data, as: UTF8.self) == #"["2020-Q3"]"#)
        #expect(try JSONDecoder().decode([Quarter].self, from: data) == [Quarter("2020-Q3")!])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Quarter].self, from: Data(#"["2020-Q5"]"#.utf8))
        }
    }

    @Test("Invalid components are rejected")
    func invalidComponents() {
        #expect(Quarter(year: 2020, number: 0) == nil)
        #expect(Quarter(year: 2020, number: 5) == nil)
        #expect(Quarter(year: 0, number: 1) == nil)
    }
}
