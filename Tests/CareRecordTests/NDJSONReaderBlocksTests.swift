import EventLog
import Testing

@testable import CareRecord

/// Reading an input in blocks gives the same lines as reading it whole, however the blocks cut it.
@Suite("NDJSONReader: blocks of any size read as the whole input")
struct NDJSONReaderBlocksTests {
    /// The fixture with a byte-order mark, CRLF endings, blank lines, a bad line and no final newline.
    static func awkwardInput() throws -> [UInt8] {
        let lines = try fixture("partnership-sample.ndjson").split(separator: 0x0A).prefix(40).map(Array.init)
        var input: [UInt8] = [0xEF, 0xBB, 0xBF]
        for (index, line) in lines.enumerated() {
            input += line
            input += index % 3 == 0 ? [0x0D, 0x0A] : [0x0A]
            if index % 7 == 0 { input += [0x20, 0x0A] }
            if index == 20 { input += Array("{\"stream\": 12}\n".utf8) }
        }
        input.removeLast()
        return input
    }

    /// A reader over `input` handed out in blocks of `size()` bytes.
    static func reader(_ input: [UInt8], blockSize size: @escaping () -> Int) -> NDJSONReader {
        var offset = 0
        return NDJSONReader(blocks: {
            guard offset < input.count else { return nil }
            let end = min(input.count, offset + size())
            defer { offset = end }
            return Array(input[offset..<end])
        })
    }

    /// Every line and error, in order.
    static func read(_ reader: inout NDJSONReader) -> [Result<EventLine, CatalogueError>] {
        var out: [Result<EventLine, CatalogueError>] = []
        while true {
            do {
                guard let line = try reader.next() else { return out }
                out.append(.success(line))
            } catch {
                out.append(.failure(error))
            }
        }
    }

    @Test("blocks of 1, 2, 3, 7, 64, 1000 bytes and random sizes give the whole input's lines and errors")
    func blockSizes() throws {
        let input = try Self.awkwardInput()
        var whole = NDJSONReader(bytes: input)
        let expected = Self.read(&whole)
        #expect(expected.count > 40)
        var random = SeededRandom(seed: 42)
        let sizes: [() -> Int] = [{ 1 }, { 2 }, { 3 }, { 7 }, { 64 }, { 1000 }, { 1 + random.below(500) }]
        for size in sizes {
            var reader = Self.reader(input, blockSize: size)
            #expect(Self.read(&reader) == expected)
        }
    }

    @Test("a block that cannot be read is an error naming the line being read, not the end of the input")
    func unreadableBlock() throws {
        struct Broken: Error {}
        let input = try Self.awkwardInput()
        var served = false
        var reader = NDJSONReader(blocks: {
            if served { throw Broken() }
            served = true
            return Array(input.prefix(100))
        })
        let error = #expect(throws: CatalogueError.self) {
            while try reader.next() != nil {}
        }
        #expect(error?.kind == .storeUnavailable)
        #expect(error?.line == 1)
    }

    @Test("a malformed line read from blocks names its line and field, never the value written there")
    func malformedLineNamed() throws {
        let good = try fixture("partnership-sample.ndjson").split(separator: 0x0A).prefix(3).map(Array.init)
        let bad = Array(
            #"{"stream":"visit/V9","type":"VisitCheckedIn","occurredAt":"2020-13-45T09:00:00Z","actor":"staff/S1","data":{"checkedInAt":"2020-01-06T09:00:00.000Z","method":"electronic","staffId":"S1"}}"#
                .utf8)
        let input = good[0] + [0x0A] + good[1] + [0x0A, 0x0A] + bad + [0x0A] + good[2]
        for size in [1, 5, 64, input.count] {
            var reader = Self.reader(input, blockSize: { size })
            let results = Self.read(&reader)
            #expect(results.count == 4)
            guard results.count == 4, case .failure(let error) = results[2] else {
                Issue.record("line 4 was not refused (blocks of \(size) bytes)")
                continue
            }
            #expect(error.line == 4)
            #expect(error.fieldPath == "occurredAt")
            #expect(!error.description.contains("2020-13-45"))
            #expect(!error.message.contains("2020-13-45"))
        }
    }

    @Test("lines split off unparsed, in batches of any size, parse to the lines and errors next() gives")
    func unparsedBatches() throws {
        let input = try Self.awkwardInput()
        var whole = NDJSONReader(bytes: input)
        let expected = Self.read(&whole)
        for (limit, blockSize) in [(1, 1), (3, 7), (16, 64), (1000, 1000)] {
            var reader = Self.reader(input, blockSize: { blockSize })
            var results: [Result<EventLine, CatalogueError>] = []
            var more = true
            while more {
                var batch = UnparsedLines()
                more = try reader.readUnparsed(into: &batch, limit: limit)
                #expect(batch.count <= limit)
                for index in 0..<batch.count {
                    do {
                        results.append(.success(try batch.parse(index)))
                    } catch {
                        results.append(.failure(error))
                    }
                }
            }
            #expect(results == expected)
            #expect(reader.linesRead == whole.linesRead)
        }
    }

    @Test("a block that cannot be read while lines are split off leaves the lines before it in the batch")
    func unreadableBlockWhileSplitting() throws {
        struct Broken: Error {}
        let input = try Self.awkwardInput()
        let cut = try #require(input.indices.filter { input[$0] == 0x0A }.dropFirst(5).first)
        var served = false
        var reader = NDJSONReader(blocks: {
            if served { throw Broken() }
            served = true
            return Array(input[...cut])
        })
        var batch = UnparsedLines()
        let error = #expect(throws: CatalogueError.self) {
            _ = try reader.readUnparsed(into: &batch, limit: 1000)
        }
        #expect(error?.kind == .storeUnavailable)
        #expect(error?.line == reader.linesRead + 1)
        // The five lines ending before the cut, less the blank one among them.
        #expect(batch.count == 5)
        #expect(batch.lineNumber(at: batch.count - 1) == reader.linesRead)
    }
}
