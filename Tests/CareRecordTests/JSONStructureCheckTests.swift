import CareRecord
import Foundation
import Testing

@Suite("Hostile line structure")
struct JSONStructureCheckTests {
    let valid =
        #"{"stream":"person/P1","type":"ServiceStarted","occurredAt":"2020-01-06T09:00:00Z","actor":"staff/S1","data":{"firstServiceOn":"2020-01-06","model":"timeAndTask","plannedHoursPerWeek":7,"team":"Barrhead"}}"#

    @Test("a key given twice is refused and named, even when one copy is escaped")
    func duplicateKeys() throws {
        let twice = valid.replacingOccurrences(of: #"{"stream":"#, with: #"{"stream":"person/P2","\u0073tream":"#)
        #expect {
            try EventLine.parse(Array(twice.utf8), line: 7)
        } throws: { error in
            guard let error = error as? CatalogueError else { return false }
            return error.line == 7 && error.fieldPath == "stream" && error.message.contains("more than once")
        }
        let nested = valid.replacingOccurrences(
            of: #""team":"Barrhead""#, with: #""team":"Barrhead","team":"Eastwood""#)
        #expect {
            try EventLine.parse(Array(nested.utf8), line: 1)
        } throws: { error in (error as? CatalogueError)?.fieldPath == "data.team" }
        #expect((try? EventLine.parse(Array(valid.utf8), line: 1)) != nil)
    }

    @Test("invalid UTF-8 and absurd nesting are refused with a clear message")
    func encodingAndDepth() throws {
        var bytes = Array(valid.utf8)
        bytes.insert(contentsOf: [0xC3, 0x28], at: 30)
        #expect {
            try EventLine.parse(bytes, line: 2)
        } throws: { error in (error as? CatalogueError)?.message == "is not valid UTF-8" }
        let deep =
            #"{"stream":"person/P1","data":"# + String(repeating: "[", count: 10_000)
            + String(repeating: "]", count: 10_000) + "}"
        #expect {
            try EventLine.parse(Array(deep.utf8), line: 3)
        } throws: { error in
            guard let error = error as? CatalogueError else { return false }
            return error.fieldPath == "data" && error.message.contains("deeper than")
        }
    }
}
