import CareCalendar
import CareRecord
import DemoPartnership
import EventLog
import Projections
import Testing

@Suite("Fold state binary form")
struct FoldStateCodingTests {
    @Test("integers, text, dates, instants and optionals read back as written, edge values included")
    func primitivesRoundTrip() throws {
        let integers: [Int64] = [0, 1, -1, 63, -64, 64, 127, 128, 16_383, 16_384, .max, .min, .max - 1, .min + 1]
        let texts = ["", "P00001", "Ness—Moray team", "ø\u{1F600}", String(repeating: "x", count: 300)]
        let dates = [CareDate.latest, CareDate(daysSinceEpoch: 0), CareDate(daysSinceEpoch: -400)]
        var writer = FoldStateWriter()
        for value in integers { writer.signed(value) }
        for value in integers { writer.unsigned(UInt64(bitPattern: value)) }
        for text in texts { writer.string(text) }
        for date in dates { writer.date(date) }
        writer.instant(Timestamp(millisecondsSinceEpoch: -1))
        writer.optional(nil as CareDate?) { $0.date($1) }
        writer.optional(dates[0]) { $0.date($1) }
        writer.bool(true)
        writer.catalogue(TrainingCourse.allCases[0])

        var reader = FoldStateReader(writer.bytes)
        var signed: [Int64] = []
        for _ in integers { signed.append(try reader.signed()) }
        var unsigned: [UInt64] = []
        for _ in integers { unsigned.append(try reader.unsigned()) }
        var readTexts: [String] = []
        for _ in texts { readTexts.append(try reader.string()) }
        var readDates: [CareDate] = []
        for _ in dates { readDates.append(try reader.date()) }
        let instant = try reader.instant()
        let absent = try reader.optional { reader throws(FoldStateDecodingError) in try reader.date() }
        let present = try reader.optional { reader throws(FoldStateDecodingError) in try reader.date() }
        let flag = try reader.bool()
        let course = try reader.catalogue(TrainingCourse.self)
        #expect(signed == integers)
        #expect(unsigned == integers.map { UInt64(bitPattern: $0) })
        #expect(readTexts == texts)
        #expect(readDates == dates)
        #expect(instant == Timestamp(millisecondsSinceEpoch: -1))
        #expect(absent == nil)
        #expect(present == dates[0])
        #expect(flag)
        #expect(course == TrainingCourse.allCases[0])
        #expect(reader.isAtEnd)
    }

    @Test("a compliance fold state read back from its binary form equals the state written", arguments: [1, 2, 3])
    func complianceStateRoundTrips(seed: UInt64) throws {
        let (store, parameters) = try demoStore(seed: seed)
        let head = try store.checkpoint().sequence
        for position in [head / 3, head / 2, head] {
            let state = try foldState(store: store, parameters: parameters, at: position)
            var writer = FoldStateWriter()
            state.write(to: &writer)
            var reader = FoldStateReader(writer.bytes)
            let read = try ComplianceFoldState(from: &reader)
            #expect(read == state, "folded to \(position)")
            #expect(reader.isAtEnd)
        }
    }

    @Test(
        "compliance figures read back from their saved form equal the figures written, and no prefix of them is read",
        arguments: [1, 2, 3])
    func complianceOutputRoundTrips(seed: UInt64) throws {
        let (store, parameters) = try demoStore(seed: seed)
        var output = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: store).output
        #expect(!output.teams.isEmpty)
        // Both kinds of deadline row, whatever the demo's complaints.
        output.complaintDeadlines += [
            ComplaintDeadline(
                complaintId: "C1", team: "north", step: .stage2Response, startedOn: parameters.asAt.adding(days: -30),
                dueOn: parameters.asAt, extendedDueOn: parameters.asAt.adding(days: 5), answeredOn: nil,
                outcome: .unanswered),
            ComplaintDeadline(
                complaintId: "C2", team: "south", step: .stage1Response, startedOn: parameters.asAt.adding(days: -9),
                dueOn: parameters.asAt.adding(days: -2), extendedDueOn: nil, answeredOn: parameters.asAt,
                outcome: .late),
        ]
        let bytes = try #require(Compliance.savedOutputBytes(output))
        var reader = FoldStateReader(bytes)
        #expect(try Compliance.savedOutput(from: &reader) == output)
        #expect(reader.isAtEnd)
        for length in 0..<bytes.count {
            var prefix = FoldStateReader(Array(bytes[..<length]))
            #expect(throws: FoldStateDecodingError.self, "cut to \(length) bytes") {
                _ = try Compliance.savedOutput(from: &prefix)
            }
        }
    }

    @Test("truncated or damaged state bytes are refused with an error, never read as another state")
    func damagedBytesAreRefused() throws {
        let (store, parameters) = try demoStore(seed: 4)
        let state = try foldState(store: store, parameters: parameters, at: try store.checkpoint().sequence)
        var writer = FoldStateWriter()
        state.write(to: &writer)
        let bytes = writer.bytes
        for length in 0..<bytes.count {
            var reader = FoldStateReader(Array(bytes[..<length]))
            #expect(throws: FoldStateDecodingError.self, "cut to \(length) bytes") {
                try ComplianceFoldState(from: &reader)
            }
        }
        // A count larger than the bytes that follow is refused before anything is reserved for it.
        var huge = FoldStateWriter()
        huge.unsigned(UInt64.max >> 1)
        var reader = FoldStateReader(huge.bytes)
        #expect(throws: FoldStateDecodingError.self) { try ComplianceFoldState(from: &reader) }
    }

    @Test(
        "a visit-delivery fold state read back from its binary form equals the state written, and no prefix of it is read",
        arguments: [1, 2])
    func visitDeliveryStateRoundTrips(seed: UInt64) throws {
        let (store, parameters) = try demoStore(seed: seed)
        let head = try store.checkpoint().sequence
        for position in [head / 3, head] {
            let cut = try ProjectionRunner.cut(knownAt: .sequence(position), in: store)
            let context = cut.context(for: parameters)
            var fold = VisitDelivery(context: context)
            try ProjectionRunner.fold(&fold, corrections: cut.corrections, context: context, store: store)
            let state = fold.foldState
            var writer = FoldStateWriter()
            state.write(to: &writer)
            var reader = FoldStateReader(writer.bytes)
            #expect(try VisitDeliveryFoldState(from: &reader) == state, "folded to \(position)")
            #expect(reader.isAtEnd)
            #expect(VisitDelivery(context: context, resuming: state).output() == fold.output())
            let bytes = writer.bytes
            for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 500)) {
                var prefix = FoldStateReader(Array(bytes[..<length]))
                #expect(throws: FoldStateDecodingError.self, "cut to \(length) bytes") {
                    try VisitDeliveryFoldState(from: &prefix)
                }
            }
        }
    }

    private func demoStore(seed: UInt64) throws -> (InMemoryEventStore, ProjectionParameters) {
        let configuration = DemoConfiguration(seed: seed, people: 6, months: 4)
        let store = InMemoryEventStore(storeID: "coding", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        let parameters = ProjectionParameters(
            asAt: configuration.lastDay, periodStart: configuration.startDate, periodEnd: configuration.lastDay)
        return (store, parameters)
    }

    private func foldState(store: InMemoryEventStore, parameters: ProjectionParameters, at position: UInt64) throws
        -> ComplianceFoldState
    {
        let cut = try ProjectionRunner.cut(knownAt: .sequence(position), in: store)
        let context = cut.context(for: parameters)
        var fold = Compliance(context: context)
        try ProjectionRunner.fold(&fold, corrections: cut.corrections, context: context, store: store)
        return fold.foldState
    }
}
