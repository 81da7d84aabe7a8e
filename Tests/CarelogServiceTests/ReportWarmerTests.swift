import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Reports
import ServiceLifecycle
import Synchronization
import Testing

@testable import CarelogService

/// The report warmer: a request after a pass resumes from the state it saved (the same bytes as a
/// cold run), new events and a new UK date start passes, and it stops on shutdown.
@Suite struct ReportWarmerTests {
    static let reportingDate = CareDate(year: 2020, month: 1, day: 31)!

    /// A store of one person's visit and a cache in a fresh folder (removed by `done`).
    struct Fixture {
        let store = InMemoryEventStore(clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-warm-\(UUID())").path
        let cache: SharedReportCache

        init() throws {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            cache = SharedReportCache(storePath: folder)
            try append(Events.seed + [Events.checkIn, Events.checkOut])
        }

        func append(_ lines: [String]) throws {
            for (index, text) in lines.enumerated() {
                try store.append([try EventLine.parse(Array(text.utf8), line: index + 1).proposedEvent])
            }
        }

        func warmer(
            settings: ReportWarmer.Settings = .init(reportingDates: [ReportWarmerTests.reportingDate]),
            clock: @escaping @Sendable () -> Timestamp = { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) }
        ) -> ReportWarmer {
            ReportWarmer(store: store, cache: cache, clock: clock, settings: settings)
        }

        func done() { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// What the API and the pages ask for when only `asAt` is given (the quarter to date).
    static func request(_ kind: ReportKind) -> ReportRequest {
        var request = ReportRequest(asAt: reportingDate, knownAt: .head, format: .csv)
        request.period = CareDate(year: 2020, month: 1, day: 1)!...reportingDate
        return request
    }

    @Test(arguments: [ReportKind.compliance, .complaints, .complianceTrend, .visitDelivery])
    func aFirstRequestAfterAPassResumesFromTheSavedStateAndIsTheBytesOfAColdRun(kind: ReportKind) async throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        let cold = try ReportWiring.report(kind, Self.request(kind), store: fixture.store)

        // Without a pass, the first request through the cache folds the log's events…
        let unwarmed = CountingStore(fixture.store)
        let first = try fixture.cache.withCache {
            try ReportWiring.report(kind, Self.request(kind), store: unwarmed, cache: $0)
        }
        #expect(unwarmed.eventsRead > 0)
        #expect(first.bytes == cold.bytes)

        // …after one (in a fresh cache), it reads none: it resumes at the head from the saved state.
        let fresh = try Fixture()
        defer { fresh.done() }
        let warmer = fresh.warmer()
        let head = await warmer.pass(today: warmer.today)
        let stored = try fresh.store.checkpoint().sequence
        #expect(head == stored)
        let counting = CountingStore(fresh.store)
        let warmed = try fresh.cache.withCache {
            try ReportWiring.report(kind, Self.request(kind), store: counting, cache: $0)
        }
        #expect(counting.eventsRead == 0)
        #expect(warmed.bytes == cold.bytes)
        #expect(warmed.manifest.sha256 == cold.manifest.sha256)
    }

    @Test func aPassWarmsTodayAndTheConfiguredDatesAndCountsTheReportsItCouldNotBuild() async throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        let warmer = fixture.warmer()
        #expect(warmer.status.snapshot.state == .warming)
        _ = await warmer.pass(today: warmer.today)
        let snapshot = warmer.status.snapshot
        #expect(snapshot.state == .warm)
        #expect(snapshot.passes == 1)
        #expect(snapshot.reportingDates == [warmer.today, Self.reportingDate])
        // The log holds no improvement programme: the RAG table fails for each date, as a request would.
        #expect(snapshot.failures == 2)
        // The person index (a person's timeline) is brought to the head too.
        #expect(fixture.cache.unlent?.personStreamIndex.indexedThrough == (try fixture.store.checkpoint().sequence))
    }

    @Test func aPassChecksTheWholeLogOnceWhenNoPositionFoundSoundIsSavedAndSavesItsHead() async throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        #expect(fixture.cache.verifiedPosition() == nil)
        let warmer = fixture.warmer()
        _ = await warmer.pass(today: warmer.today)
        #expect(warmer.hasStartedFirstFullCheck)
        try await Self.waitUntil { fixture.cache.verifiedPosition() != nil }
        let saved = try #require(fixture.cache.verifiedPosition())
        #expect(saved.checkpoint == (try fixture.store.checkpoint()))
        #expect(saved.byFullCheck)
        #expect(saved.fullCheckEvents == (try fixture.store.checkpoint().sequence))
    }

    @Test func aPassLeavesAPositionAlreadyFoundSoundToThePagesIncrementalCheck() async throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        let earlier = VerifiedPosition(
            fullCheck: try fixture.store.verify(against: nil), at: Timestamp(millisecondsSinceEpoch: 0))
        fixture.cache.save(verifiedPosition: earlier)
        try fixture.append([Events.checkIn])
        let warmer = fixture.warmer()
        _ = await warmer.pass(today: warmer.today)
        #expect(!warmer.hasStartedFirstFullCheck)
        #expect(fixture.cache.verifiedPosition() == earlier)
    }

    @Test func aStoppedWarmingStoreEndsAReadAtItsNextEvent() throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        let reading = WarmingStore.wrapping(fixture.store)
        var seen = 0
        #expect(throws: EventStoreError.self) {
            try reading.read(EventSelection()) { _ in
                seen += 1
                reading.stop()
            }
        }
        #expect(seen == 1)
        #expect(throws: EventStoreError.self) { try reading.checkpoint() }
    }

    @Test func newEventsFarEnoughPastTheLastPassStartAnother() async throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        var settings = ReportWarmer.Settings()
        settings.minimumAdvance = 1
        settings.quietPeriod = .milliseconds(20)
        settings.tick = .milliseconds(10)
        settings.pollInterval = .milliseconds(5)
        let warmer = fixture.warmer(settings: settings)
        let running = Task { await warmer.run() }
        defer { running.cancel() }
        try await Self.waitUntil { warmer.status.snapshot.passes >= 1 }
        try fixture.append([Events.visitScheduled.replacingOccurrences(of: "visit/V001", with: "visit/V002")])
        let head = try fixture.store.checkpoint().sequence
        try await Self.waitUntil { warmer.status.snapshot.sequence == head }
        #expect(warmer.status.snapshot.passes >= 2)
    }

    @Test func followedEventsStartAPassOnlyOnceQuietAndFarEnoughPastTheLastOrWhenOneIsACorrection() {
        let signals = ReportWarmerSignals()
        let start = ContinuousClock.now
        func due(after: Duration, since: UInt64 = 100) -> Bool {
            signals.takeDue(
                now: start + after, quiet: .seconds(2), longest: .seconds(30), since: since, minimumAdvance: 4096)
        }
        #expect(!due(after: .seconds(60)))  // nothing pending
        signals.note(sequence: 5000, urgent: false, at: start)
        #expect(!due(after: .seconds(1)))  // not quiet yet
        #expect(due(after: .seconds(3)))  // quiet, and 4,900 past the last pass
        signals.note(sequence: 5001, urgent: false, at: start)
        #expect(!due(after: .seconds(3), since: 4000))  // quiet, but too near: taken, no pass
        #expect(!due(after: .seconds(4), since: 4000))  // and no longer pending
        signals.note(sequence: 5002, urgent: true, at: start)
        #expect(due(after: .seconds(3), since: 5000))  // a correction: whatever the distance
        for second in 0..<40 { signals.note(sequence: 20_000, urgent: false, at: start + .seconds(second)) }
        #expect(due(after: .seconds(40)))  // never quiet, but the first came 30 s ago
        #expect(ReportWarmer.followedTypes.contains(VisitCheckedIn.eventType))
        #expect(!ReportWarmer.followedTypes.contains(RecordAccessed.eventType))
        #expect(ReportWarmer.urgentTypes.contains(EntryVoided.eventType))
    }

    @Test func aNewUKDateStartsAPassForThatDate() async throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        let now = Mutex<Int64>(1_700_000_000_000)
        var settings = ReportWarmer.Settings()
        settings.tick = .milliseconds(10)
        let warmer = fixture.warmer(
            settings: settings, clock: { Timestamp(millisecondsSinceEpoch: now.withLock { $0 }) })
        let running = Task { await warmer.run() }
        defer { running.cancel() }
        try await Self.waitUntil { warmer.status.snapshot.passes >= 1 }
        let first = warmer.status.snapshot.reportingDates
        now.withLock { $0 += 86_400_000 }
        try await Self.waitUntil { warmer.status.snapshot.passes >= 2 }
        let second = warmer.status.snapshot.reportingDates
        #expect(first == [UKTime.ukDate(epochMilliseconds: 1_700_000_000_000)])
        #expect(second == [UKTime.ukDate(epochMilliseconds: 1_700_000_000_000 + 86_400_000)])
    }

    @Test func theWarmerReturnsOnGracefulShutdown() async throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        var settings = ReportWarmer.Settings()
        settings.tick = .milliseconds(10)
        let warmer = fixture.warmer(settings: settings)
        let group = ServiceGroup(configuration: .init(services: [warmer], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Self.waitUntil { warmer.status.snapshot.passes >= 1 }
            await group.triggerGracefulShutdown()
            // Returns only once the warmer's run has returned (the group ends with its last service).
            try await tasks.waitForAll()
        }
        #expect(warmer.status.snapshot.state == .warm)
    }

    @Test func readinessSaysWhetherTheReportsAreWarmAndNeverWaitsForThem() async throws {
        var harness = try await ServiceHarness.make()
        try await harness.test { client in
            try await client.execute(uri: "/ready", method: .get) {
                #expect(String(buffer: $0.body).contains(#""reports":"off""#))
            }
        }
        let status = ReportWarmerStatus()
        harness = ServiceHarness(
            provider: harness.provider, store: harness.store,
            server: {
                var server = harness.server
                server.warming = status
                return server
            }())
        try await harness.test { client in
            try await client.execute(uri: "/ready", method: .get) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body).contains(#""reports":"warming""#))
            }
        }
    }

    /// Waits (polling, bounded so a broken warmer fails the test rather than hanging it) for `done`.
    static func waitUntil(_ done: @Sendable () -> Bool) async throws {
        for _ in 0..<3000 {
            if done() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the warmer did not get there within a minute")
    }
}

/// A store that counts the events its reads visit (how a test sees whether a report folded the log).
final class CountingStore: EventStore {
    private let base: InMemoryEventStore
    private let count = Atomic<Int>(0)

    init(_ base: InMemoryEventStore) { self.base = base }

    var eventsRead: Int { count.load(ordering: .relaxed) }
    var storeID: String { base.storeID }

    func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult { try base.append(batch) }

    func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws {
        try base.read(selection) { event in
            count.add(1, ordering: .relaxed)
            try visit(event)
        }
    }

    func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        try base.currentVersion(of: stream, knownAt: knownAt)
    }

    func checkpoint(knownAt: KnownAt) throws(EventStoreError) -> Checkpoint { try base.checkpoint(knownAt: knownAt) }

    func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport {
        try base.verify(against: checkpoint)
    }
}
