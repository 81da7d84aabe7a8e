import CareRecord
import EventLog
import Foundation
import SourceImport
import Testing

/// Events built straight from a row's cells are byte for byte the events the NDJSON path gives
/// (each event written as an NDJSON line and parsed by the catalogue), for every mapping of
/// Docs/examples, on its example export and on rows made of good, odd and bad cells; problems are
/// the same too.
@Suite struct EventsBuiltFromCellsEqualTheNDJSONPath {
    /// Every mapping file of Docs/examples.
    static let mappingNames: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".mapping.yaml") }.map { String($0.dropLast(".mapping.yaml".count)) }
            .sorted()
    }()

    @Test func theExamplesHoldMappings() {
        #expect(Self.mappingNames.count >= 14)
    }

    @Test(arguments: mappingNames)
    func sameEventsAndProblemsBothWays(_ name: String) throws {
        let mapping = try SourceMapping.parse(yaml: example(name + ".mapping.yaml"))
        var rows: [SourceRow] = []
        var columns: [String] = []
        let csvURL = examplesDirectory.appendingPathComponent(name + ".csv")
        if FileManager.default.fileExists(atPath: csvURL.path) {
            var reader = try CSVSourceReader(path: csvURL.path, mapping: mapping)
            columns = reader.header
            while let row = try reader.next() { rows.append(row) }
            #expect(!rows.isEmpty)
        } else {
            columns = Array(Set(mapping.values.values.compactMap(\.column) + [mapping.recordId])).sorted()
        }
        var random = SeededRandom(seed: UInt64(name.utf8.count) * 7919)
        for number in 0..<400 {
            let values = columns.map { column in
                Self.cell(for: column, in: mapping, random: &random)
            }
            rows.append(SourceRow(number: 1000 + number, columns: columns, values: values))
        }
        let direct = RowMapper(mapping: mapping, columns: columns, direct: true)
        let oracle = RowMapper(mapping: mapping, columns: columns, direct: false)
        var events = 0
        for row in rows {
            let (lines, problems) = direct.events(of: row)
            let (expectedLines, expectedProblems) = oracle.events(of: row)
            #expect(problems == expectedProblems, "row \(row.number)")
            #expect(lines == expectedLines, "row \(row.number)")
            #expect(lines.map(\.proposedEvent) == expectedLines.map(\.proposedEvent), "row \(row.number)")
            #expect(lines.map(\.ndjson) == expectedLines.map(\.ndjson), "row \(row.number)")
            events += lines.count
        }
        // Not vacuous: the example export gives events, not only problems (a demo mapping has
        // no example file, and its random rows compare problems as much as events).
        if FileManager.default.fileExists(atPath: csvURL.path) { #expect(events > 0) }
    }

    @Test func visitAndMARMappingsBuildEveryEventWithoutJSON() throws {
        for name in ["ecm-visits", "demo-ecm", "mar-export", "demo-mar"] {
            let mapping = try SourceMapping.parse(yaml: example(name + ".mapping.yaml"))
            let mapper = RowMapper(mapping: mapping, columns: [], direct: true)
            #expect(mapper.directEventTypes.count == mapping.events.count, "\(name)")
        }
    }

    /// A cell for `column`: mostly one a valid row holds, sometimes an odd or a bad one.
    static func cell(for column: String, in mapping: SourceMapping, random: inout SeededRandom) -> String {
        let specs = mapping.values.values.filter { $0.column == column }
        guard let spec = specs.first else { return random.pick(["", "x", "1"]) }
        var good: [String]
        var odd: [String]
        switch spec.format ?? "text" {
        case "integer": (good, odd) = (["45", "1", "2", "30"], ["2.0", "-0", "x", "1e3", "99999999999999999999"])
        case "number": (good, odd) = (["7.5", "10", "0.25"], ["7", "1e2", "x", "-0"])
        case "boolean": (good, odd) = (["Y", "N", "true", "no"], ["1", "maybe"])
        case "timestamp":
            (good, odd) = (
                ["10/02/2020 08:30", "2020-02-10T08:30:00Z", "43871.35", "29/03/2020 01:30", "25/10/2020 01:30:15"],
                ["2020-02-10", "2020-02-10T08:30:00.123+01:00", "31/02/2020 08:00", "x", "0"]
            )
        case "date": (good, odd) = (["10/02/2020", "2020-02-10", "43871"], ["10/02/20", "2020-02-30", "x"])
        case "list":
            let codes = spec.codes.map { Array($0.keys).sorted() } ?? ["personal-care", "medication", "a"]
            (good, odd) = ([codes.prefix(2).joined(separator: "|"), codes[0]], ["??|" + codes[0], " | "])
        default:
            if let codes = spec.codes {
                (good, odd) = (Array(codes.keys).sorted(), ["??", "=SUM(A1)"])
            } else if let pad = spec.pad {
                (good, odd) = (["42", "0042", pad.prefix + "7"], ["x1", "123456789012", "=A1"])
            } else {
                (good, odd) = (
                    ["electronic", "manual", "oral", "given", "S0042", "P000101", "note"],
                    ["Zoë \"quoted\" \\ back", "line\nbreak", "V0000107", "2020-02-10", "=1+1"]
                )
            }
        }
        let roll = random.next() % 20
        if roll == 0, spec.optional == true { return "" }
        if roll == 1 { return "" }
        if roll < 4 { return random.pick(odd) }
        return random.pick(good)
    }
}

/// A small deterministic random number generator (the same rows on every run).
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed | 1 }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    mutating func pick(_ items: [String]) -> String { items[Int(next() % UInt64(items.count))] }
}

/// A CSV file is read in 64 KiB pieces: the rows are those of the same bytes read whole, with a
/// byte-order mark, CRLF, semicolons and quoted line breaks falling across the pieces.
@Suite struct CSVFileReadInPieces {
    @Test func rowsEqualTheInMemoryReadAcrossPieceBoundaries() throws {
        let mapping = try visitScheduleMapping(source: "test", streamPrefix: "T", layout: "delimiter: \";\"\n")
        var csv = "\u{FEFF}Ref;Client;Start;Minutes;Note\r\n"
        for n in 1...5000 {
            let note = n % 3 == 0 ? "\"two\r\nlines; and a \"\"quote\"\" \(n)\"" : "plain \(n)"
            csv += "\(n);\(100 + n % 7);10/02/2020 08:00;\(15 + n % 4);\(note)\r\n"
        }
        csv += ";;;;\r\n\r\n"
        let bytes = Data(csv.utf8)
        #expect(bytes.count > 3 * 65_536)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pieces-\(UUID().uuidString).csv")
        try bytes.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        var fromFile = try CSVSourceReader(path: url.path, mapping: mapping)
        var inMemory = try CSVSourceReader(stream: InputStream(data: bytes), mapping: mapping)
        #expect(fromFile.header == ["Ref", "Client", "Start", "Minutes", "Note"])
        var count = 0
        while let row = try fromFile.next() {
            let expected = try #require(try inMemory.next())
            #expect(row.number == expected.number && row.values == expected.values)
            count += 1
        }
        #expect(try inMemory.next() == nil)
        #expect(count == 5000)
    }

    @Test func aMissingFileIsRefusedNotRead() throws {
        let mapping = try visitScheduleMapping(source: "test", streamPrefix: "T")
        #expect(throws: RowProblem.self) {
            _ = try CSVSourceReader(path: "/nonexistent/export.csv", mapping: mapping)
        }
    }
}
