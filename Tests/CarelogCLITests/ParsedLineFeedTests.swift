import CareRecord
import Synchronization
import Testing

@testable import CarelogOperations

/// The import's parsing thread hands out exactly what the reader does, in order, and stops
/// reading when told.
@Suite struct ParsedLineFeedTests {
    /// `count` lines of the fixture's event types (more than two batches of the feed), with the
    /// line at `malformed` (1-based) replaced by one that does not parse, if given.
    func input(count: Int, malformed: Int? = nil) -> [UInt8] {
        let kinds = [Fixture.serviceStarted, Fixture.visitScheduled, Fixture.checkedIn, Fixture.checkedOut]
        var lines = (0..<count).map { kinds[$0 % kinds.count] }
        if let malformed { lines[malformed - 1] = #"{"stream": 12}"# }
        lines[7] = ""  // A blank line is counted but not handed out.
        return Array(Fixture.ndjson(lines).utf8)
    }

    /// What the reader hands out, line by line, up to and including its first error.
    func drain(_ next: () throws(CatalogueError) -> EventLine?) -> (lines: [EventLine], error: CatalogueError?) {
        var lines: [EventLine] = []
        while true {
            do {
                guard let line = try next() else { return (lines, nil) }
                lines.append(line)
            } catch {
                return (lines, error)
            }
        }
    }

    @Test func theFeedHandsOutTheReadersLinesInOrder() {
        let bytes = input(count: ParsedLineFeed.batchLines * 2 + 77)
        var reader = NDJSONReader(bytes: bytes)
        let expected = drain { () throws(CatalogueError) in try reader.next() }
        let feed = ParsedLineFeed(NDJSONReader(bytes: bytes))
        defer { feed.stop() }
        let fed = drain { () throws(CatalogueError) in try feed.next() }
        #expect(expected.error == nil)
        #expect(fed.error == nil)
        #expect(fed.lines.count == expected.lines.count)
        #expect(fed.lines == expected.lines)
        #expect(fed.lines.map(\.line) == expected.lines.map(\.line))
    }

    /// A line that does not parse in a batch the reading thread parses itself (the first, the
    /// third) or in one it hands to the helper (the second, the fourth) ends the feed the same
    /// way (line 8 is blank, so batch n holds lines 2048n + 2 to 2048n + 2049 after the first).
    @Test(arguments: [
        5, ParsedLineFeed.batchLines + 5, 2 * ParsedLineFeed.batchLines + 9, 3 * ParsedLineFeed.batchLines + 50,
    ])
    func theFeedStopsAtTheFirstLineThatDoesNotParseWithTheReadersErrorWhicheverThreadParsedIt(malformed: Int) throws {
        let bytes = input(count: ParsedLineFeed.batchLines * 6, malformed: malformed)
        var reader = NDJSONReader(bytes: bytes)
        let expected = drain { () throws(CatalogueError) in try reader.next() }
        let feed = ParsedLineFeed(NDJSONReader(bytes: bytes))
        defer { feed.stop() }
        let fed = drain { () throws(CatalogueError) in try feed.next() }
        let error = try #require(fed.error)
        #expect(error == expected.error)
        #expect(error.line == malformed)
        #expect(fed.lines == expected.lines)
        // After the error the input has ended.
        #expect(drain { () throws(CatalogueError) in try feed.next() }.lines.isEmpty)
    }

    /// An input that cannot be read further, in a batch the helper parses, ends the feed with the
    /// reader's error after every line before it.
    @Test func anUnreadableInputEndsTheFeedAfterTheLinesBeforeIt() throws {
        struct Broken: Error {}
        let bytes = input(count: ParsedLineFeed.batchLines * 4)
        // The input breaks inside the second batch.
        let cut = try #require(
            bytes.indices.filter { bytes[$0] == 0x0A }.dropFirst(ParsedLineFeed.batchLines + 300).first)
        var served = false
        let make = {
            NDJSONReader(blocks: {
                if served { throw Broken() }
                served = true
                return Array(bytes[...cut])
            })
        }
        var reader = make()
        let expected = drain { () throws(CatalogueError) in try reader.next() }
        served = false
        let feed = ParsedLineFeed(make())
        defer { feed.stop() }
        let fed = drain { () throws(CatalogueError) in try feed.next() }
        let error = try #require(fed.error)
        #expect(error.kind == .storeUnavailable)
        #expect(error == expected.error)
        #expect(fed.lines == expected.lines)
        #expect(fed.lines.count > ParsedLineFeed.batchLines)
    }

    @Test func linesReachedInPlaceAreTheReadersLinesInOrderAndChangesStayInTheBatch() {
        let bytes = input(count: ParsedLineFeed.batchLines * 2 + 77)
        var reader = NDJSONReader(bytes: bytes)
        let expected = drain { () throws(CatalogueError) in try reader.next() }
        let feed = ParsedLineFeed(NDJSONReader(bytes: bytes))
        defer { feed.stop() }
        // Nothing to reach before the first line.
        #expect((try? feed.withCurrentLine { line throws(CatalogueError) in line.line }) == .some(nil))
        var reached: [EventLine] = []
        var changed: [String] = []
        do {
            while try feed.advance() {
                let line = try feed.withCurrentLine { line throws(CatalogueError) in
                    line.actor = "system/changed"
                    return line
                }
                if let line { reached.append(line) }
                // The change was made to the line where it is: reached again, it has it.
                if let actor = try feed.withCurrentLine({ line throws(CatalogueError) in line.actor }) {
                    changed.append(actor)
                }
            }
        } catch {
            Issue.record("the input parses: \(error)")
        }
        #expect(expected.error == nil)
        #expect(reached.map(\.line) == expected.lines.map(\.line))
        #expect(reached.map(\.event) == expected.lines.map(\.event))
        #expect(reached.map(\.stream) == expected.lines.map(\.stream))
        #expect(changed.count == expected.lines.count)
        #expect(changed.allSatisfy { $0 == "system/changed" })
        // At the end the feed stays ended.
        #expect((try? feed.advance()) == false)
    }

    @Test func advancingStopsAtTheFirstLineThatDoesNotParseWithTheReadersError() {
        let bytes = input(count: ParsedLineFeed.batchLines * 3, malformed: ParsedLineFeed.batchLines + 5)
        var reader = NDJSONReader(bytes: bytes)
        let expected = drain { () throws(CatalogueError) in try reader.next() }
        let feed = ParsedLineFeed(NDJSONReader(bytes: bytes))
        defer { feed.stop() }
        var count = 0
        var failure: CatalogueError?
        do {
            while try feed.advance() { count += 1 }
        } catch {
            failure = error
        }
        #expect(failure == expected.error)
        #expect(count == expected.lines.count)
    }

    @Test func stoppingTheFeedEndsItsReadingWellBeforeTheEndOfTheInput() {
        let bytes = input(count: ParsedLineFeed.batchLines * ParsedLineFeed.batchesAhead * 8)
        let blockSize = 4096
        let blocksRead = BlockCount()
        let feed = ParsedLineFeed(
            NDJSONReader(blocks: {
                let start =
                    blocksRead.count.withLock { count in
                        defer { count += 1 }
                        return count
                    } * blockSize
                guard start < bytes.count else { return nil }
                return Array(bytes[start..<min(start + blockSize, bytes.count)])
            }))
        var first: EventLine?
        do { first = try feed.next() } catch { Issue.record("the first line parses: \(error)") }
        feed.stop()
        let read = blocksRead.count.withLock { $0 }
        #expect(first?.line == 1)
        // The thread has ended: nothing more is read, and far from all of the input was.
        #expect(blocksRead.count.withLock { $0 } == read)
        #expect(read * blockSize < bytes.count / 2)
    }
}

/// An import that stops at a line the checks refuse, while the parsing thread still holds
/// batches nobody will take, ends with that line's error (and nothing appended).
@Suite struct ParsedLineFeedImportTests {
    @Test func anImportRefusedEarlyEndsWithTheLinesErrorWhileBatchesWait() {
        let cli = CLIHarness()
        let store = cli.path("store")
        _ = cli.run(["init", "--store", store])
        // Line 2 checks out of a visit that does not exist; thousands of parsable lines follow.
        let lines =
            [Fixture.serviceStarted, Fixture.checkedOut]
            + Array(
                repeating: Fixture.serviceStarted, count: ParsedLineFeed.batchLines * (ParsedLineFeed.batchesAhead + 2))
        for _ in 0..<3 {
            let run = cli.run([
                "import", "--store", store, "--chunk", "1000", cli.write("early.ndjson", Fixture.ndjson(lines)),
            ])
            #expect(run.exitCode == 65)
            #expect(run.stderr.hasPrefix("error: line 2: VisitCheckedOut"))
        }
    }
}

/// How many blocks a reader asked for (from the parsing thread).
private final class BlockCount: Sendable {
    let count = Mutex<Int>(0)
}
