import Foundation
import SourceImport
import Testing

/// The CSV reader reads cells byte by byte: the cells CSV.swift read, from any piece boundary,
/// and text that is not UTF-8 refused with its row.
@Suite struct CSVSourceReaderTests {
    func mapping() throws -> SourceMapping {
        try visitScheduleMapping(source: "test", streamPrefix: "T")
    }

    func rows(_ bytes: [UInt8]) throws -> [[String]] {
        var reader = try CSVSourceReader(stream: InputStream(data: Data(bytes)), mapping: try mapping())
        var rows: [[String]] = []
        while let row = try reader.next() { rows.append(row.values) }
        return rows
    }

    @Test func quotedCellsDoubledQuotesAndEveryLineBreakAreRead() throws {
        let csv =
            "Ref,Client,Start,Minutes\r\n"
            + "1,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
            + "2,x\"y,z,w\r"
            + "3,,,last"
        #expect(
            try rows(Array(csv.utf8)) == [
                ["1", "a,b", "say \"hi\"", "two\nlines"], ["2", "x\"y", "z", "w"], ["3", "", "", "last"],
            ])
    }

    @Test func aQuoteClosedBeforeOtherTextKeepsTheQuoteAsCSVSwiftDid() throws {
        // `"ab"x,c`: the quote is kept, the character after it dropped, and the cell goes on.
        let csv = "Ref,Client,Start,Minutes\n1,\"ab\"x,c\",d\n"
        #expect(try rows(Array(csv.utf8)) == [["1", "ab\",c", "d"]])
    }

    @Test func cellsLongerThanAPieceAreReadWhole() throws {
        let long = String(repeating: "x", count: 70_000)
        let csv = "Ref,Client,Start,Minutes\n1,\(long),\"\(long)\",4\n2,b,c,d\n"
        let read = try rows(Array(csv.utf8))
        #expect(read.count == 2)
        #expect(read.first == ["1", long, long, "4"])
        #expect(read.last == ["2", "b", "c", "d"])
    }

    @Test func textThatIsNotUTF8IsRefusedWithItsRowNeverEchoed() throws {
        var bytes = Array("Ref,Client,Start,Minutes\n1,a,b,c\n2,".utf8)
        bytes += [0xFF, 0xFE, 0x41]
        bytes += Array(",b,c\n".utf8)
        var reader = try CSVSourceReader(stream: InputStream(data: Data(bytes)), mapping: try mapping())
        #expect(try reader.next()?.values == ["1", "a", "b", "c"])
        #expect {
            _ = try reader.next()
        } throws: { error in
            guard let problem = error as? RowProblem else { return false }
            return problem.row == 3 && problem.message == "is not well-formed CSV"
        }
    }

    @Test func asciiCellsAreReadAsWrittenAndOtherUTF8IsValidatedCellByCell() throws {
        // ASCII cells skip validation; a cell with any other byte is validated: é and a no-break
        // space are text (the space trimmed as before), a lone continuation byte is refused.
        var bytes = Array("Ref,Client,Start,Minutes\n1,Zoë,\u{00A0}x\u{00A0},Ω\n2,plain,~!@#$%^&*(),\t7 \n3,".utf8)
        bytes += [0x80]
        bytes += Array(",b,c\n".utf8)
        var reader = try CSVSourceReader(stream: InputStream(data: Data(bytes)), mapping: try mapping())
        #expect(try reader.next()?.values == ["1", "Zoë", "x", "Ω"])
        #expect(try reader.next()?.values == ["2", "plain", "~!@#$%^&*()", "7"])
        #expect {
            _ = try reader.next()
        } throws: { error in
            (error as? RowProblem).map { $0.row == 4 && $0.message == "is not well-formed CSV" } ?? false
        }
    }

    @Test func aUTF16ExportIsRefusedAsNotUTF8() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("Ref".utf8).flatMap { [$0, 0] }
        #expect {
            _ = try CSVSourceReader(stream: InputStream(data: Data(bytes)), mapping: try mapping())
        } throws: { error in
            (error as? RowProblem)?.message == "cannot be read as UTF-8 CSV"
        }
    }

    @Test func aQuoteNeverClosedIsRefusedWithTheRowItOpens() throws {
        let csv = "Ref,Client,Start,Minutes\n1,a,b,c\n2,\"Secret,b,c\n3,a,b,c\n"
        var reader = try CSVSourceReader(stream: InputStream(data: Data(csv.utf8)), mapping: try mapping())
        #expect(try reader.next()?.number == 2)
        #expect {
            _ = try reader.next()
        } throws: { error in
            guard let problem = error as? RowProblem else { return false }
            return problem.row == 3 && problem.message.contains("never closed")
                && !problem.description.contains("Secret")
        }
    }
}
