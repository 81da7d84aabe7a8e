import EventLog
import Testing

@testable import CareRecord

/// The fixed-size filter of forgotten streams (``StreamFilter``): never "no" for a name inserted,
/// and seldom "perhaps" for one that was not.
@Suite("The filter of forgotten streams never misses a stream and seldom names a wrong one")
struct StreamFilterTests {
    @Test("every name inserted is found; of as many others, fewer than 1 in 100 are 'perhaps'")
    func noMissesFewFalseAlarms() throws {
        var filter = StreamFilter()
        #expect(!filter.mayContain(try #require(StreamName("visit/V1"))))
        let inserted = try (0..<50_000).map { try #require(StreamName("visit/V\($0)")) }
        for name in inserted { filter.insert(name) }
        for name in inserted { #expect(filter.mayContain(name)) }
        let others = try (50_000..<100_000).map { try #require(StreamName("visit/V\($0)")) }
        let alarms = others.filter { filter.mayContain($0) }.count
        #expect(alarms < others.count / 100)
    }
}
