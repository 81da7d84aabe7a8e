import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import LMDBEventLog
import Logging
import Projections
import Reports
import ServiceLifecycle
import Synchronization

/// Keeps the dashboards' saved fold states up to date, so that no user's first request after
/// `carelog serve` starts, or after the UK date changes, folds the whole log (`Docs/service.md`,
/// "Report warming").
///
/// A `Service` run beside the HTTP server. At start, whenever the UK date (read from the service's
/// clock here, never inside a projection) changes, and when the log has moved on (followed with
/// an ``LMDBEventLog/EventSubscription`` to the event types the warmed folds read, debounced), it
/// builds each dashboard's report with the parameters the pages and the API default to for that
/// date — the improvement RAG table for its quarter, compliance and the compliance trend for the
/// quarter to date (complaints read the same compliance fold), visit delivery for the quarter to
/// date — through ``CarelogOperations/ReportWiring``, the code a user's request runs, so each
/// fold's state is saved in the shared cache where the request resumes from it (same bytes as a
/// cold run: a saved state only changes where a fold starts). Then it brings the person index
/// (``CarelogOperations/PersonStreamIndex``, read by a person's timeline) up to the same head.
///
/// One report at a time, on a thread of its own at low priority (``LowPriorityWork``), using the
/// cache without borrowing it (``SharedReportCache/unlent``), so a user's report never waits for
/// a warming one. On graceful shutdown (after the server has drained) a fold in progress stops at
/// its next event (``WarmingStore``) and ``run()`` returns. Reviews due is not warmed: it keeps no
/// saved state (it reads only its own event types).
package struct ReportWarmer: Service {
    /// When and what to warm.
    package struct Settings: Sendable {
        /// Reporting dates warmed besides today (`warm.reportingDates` in the configuration).
        package var reportingDates: [CareDate]
        /// A pass for new events starts once none has arrived for this long…
        package var quietPeriod: Duration = .seconds(2)
        /// …or this long after the first of them, whichever is sooner.
        package var longestDelay: Duration = .seconds(30)
        /// How often the date and the followed events are looked at.
        package var tick: Duration = .seconds(1)
        /// How often the subscription looks for new events once caught up.
        package var pollInterval: Duration = .milliseconds(250)
        /// New events start a pass only when the log has moved this far since the last pass (a
        /// report saves its state again only that far past the saved one: a nearer pass would
        /// save nothing); a correction or a rules change starts one whatever the distance.
        package var minimumAdvance: UInt64 = ProjectionRunner.resaveDistance

        package init(reportingDates: [CareDate] = []) { self.reportingDates = reportingDates }
    }

    /// The store the reports read.
    package let store: any EventStore
    /// The cache the reports resume from (the service's one).
    package let cache: SharedReportCache
    /// The service's clock: today's UK date.
    package let clock: @Sendable () -> Timestamp
    /// When and what to warm.
    package let settings: Settings
    /// What the warmer is doing (`/ready`).
    package let status = ReportWarmerStatus()
    /// Where passes and failures are logged (report kinds and dates only; never personal data).
    let logger: Logger
    /// Whether this process has started the log's first full check (``startFirstFullCheck()``).
    private let firstFullCheck = StartedOnce()

    package init(
        store: any EventStore, cache: SharedReportCache, clock: @escaping @Sendable () -> Timestamp,
        settings: Settings = Settings(), logger: Logger = Logger(label: "carelog.warm")
    ) {
        self.store = store
        self.cache = cache
        self.clock = clock
        self.settings = settings
        self.logger = logger
    }

    /// The event types that start a pass: those the warmed folds read, corrections and rules.
    static let followedTypes: Set<String> = Compliance.eventTypes.union(VisitDelivery.eventTypes)
        .union(ImprovementProgrammeProjection.eventTypes).union(urgentTypes)

    /// The event types that start a pass whatever the distance: a correction of an entry before
    /// a saved position, or new rules, makes the saved states unusable (the next report rebuilds).
    static let urgentTypes: Set<String> = CorrectionIndex.eventTypes.union([RulesAdopted.eventType])

    /// Warms until graceful shutdown or cancellation, then returns (never throws: a report that
    /// cannot be built is logged and left to the user's request, which fails the same way).
    package func run() async {
        await cancelWhenGracefulShutdown { await self.runUntilCancelled() }
    }

    /// Today in the UK by the service's clock.
    var today: CareDate { UKTime.ukDate(epochMilliseconds: clock().millisecondsSinceEpoch) }

    func runUntilCancelled() async {
        let signals = ReportWarmerSignals()
        let start = (try? store.checkpoint().sequence) ?? 0
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.follow(after: start, into: signals) }
            await self.warmLoop(signals)
            group.cancelAll()
        }
    }

    /// Runs a pass at start, on each new UK date, and when the followed events call for one.
    private func warmLoop(_ signals: ReportWarmerSignals) async {
        var warmedDay: CareDate?
        var warmedSequence: UInt64 = 0
        while !Task.isCancelled {
            let day = today
            let due =
                day != warmedDay
                || signals.takeDue(
                    now: .now, quiet: settings.quietPeriod, longest: settings.longestDelay, since: warmedSequence,
                    minimumAdvance: settings.minimumAdvance)
            if due {
                guard let sequence = await pass(today: day) else { return }
                warmedDay = day
                warmedSequence = sequence
            }
            do { try await Task.sleep(for: settings.tick) } catch { return }
        }
    }

    /// Follows the log from `position`, noting each followed event in `signals`.
    private func follow(after position: UInt64, into signals: ReportWarmerSignals) async {
        var position = position
        while !Task.isCancelled {
            let subscription = EventSubscription(
                store: store, after: position, types: Self.followedTypes, pollInterval: settings.pollInterval)
            do {
                for try await event in subscription {
                    position = event.sequence
                    signals.note(sequence: event.sequence, urgent: Self.urgentTypes.contains(event.type), at: .now)
                }
                return
            } catch {
                logger.warning("report warming cannot follow the log; trying again", metadata: ["error": "\(error)"])
                do { try await Task.sleep(for: .seconds(5)) } catch { return }
            }
        }
    }

    /// One pass: each dashboard's report as at `today` and each configured date, one at a time.
    /// Returns the head read at its start, or nil when cancelled.
    package func pass(today: CareDate) async -> UInt64? {
        status.began()
        let head = (try? store.checkpoint().sequence) ?? 0
        var dates = [today]
        for date in settings.reportingDates where !dates.contains(date) { dates.append(date) }
        let reading = WarmingStore.wrapping(store)
        let cache = cache.unlent
        var failures = 0
        for date in dates {
            for (kind, request) in Self.requests(asAt: date) {
                if Task.isCancelled { return nil }
                do {
                    try await Self.stoppable(reading) {
                        _ = try ReportWiring.build(kind, request, store: reading, cache: cache)
                    }
                } catch {
                    if Task.isCancelled || reading.isStopped { return nil }
                    failures += 1
                    logger.notice(
                        "report warming could not build a report",
                        metadata: [
                            "report": "\(kind.rawValue)", "asAt": "\(date.iso8601)",
                            "reason": "\(CarelogError.from(error).description)",
                        ])
                }
            }
        }
        // The person index, so that no first timeline reads every opening event of the log.
        if let index = cache?.personStreamIndex {
            if Task.isCancelled { return nil }
            do {
                try await Self.stoppable(reading) { _ = try index.catchUp(to: head, store: reading) }
            } catch {
                if Task.isCancelled || reading.isStopped { return nil }
                failures += 1
                logger.notice(
                    "report warming could not bring the person index up to date",
                    metadata: ["reason": "\(CarelogError.from(error).description)"])
            }
        }
        startFirstFullCheck()
        status.finished(sequence: head, reportingDates: dates, failures: failures)
        logger.debug("report warming pass done", metadata: ["sequence": "\(head)", "failures": "\(failures)"])
        return head
    }

    /// Whether a pass has started the log's first full check in this process.
    package var hasStartedFirstFullCheck: Bool { firstFullCheck.isClaimed }

    /// The log's first full check (chain, sequences, indexes, idempotency records), when the
    /// store's cache holds no position found sound: the verification page and `POST /v1/verify`
    /// then re-hash only what came after it, so no first visitor waits for the whole log (40 s on
    /// the 10.7M-event demo). Once per process, on a low-priority thread of its own that nothing
    /// waits for (a stop ends it: it only reads). A sound log's head is saved as found by a full
    /// check unless a position was saved meanwhile (a user's check); a log that does not verify is
    /// logged, and the page's own full check will say what it found.
    private func startFirstFullCheck() {
        guard cache.unlent != nil, cache.verifiedPosition() == nil,
            firstFullCheck.claim()
        else { return }
        let (store, cache, clock, logger) = (store, cache, clock, logger)
        LowPriorityWork.start {
            do {
                let report = try store.verify(against: nil)
                if report.isValid {
                    if cache.verifiedPosition() == nil {
                        cache.save(verifiedPosition: VerifiedPosition(fullCheck: report, at: clock()))
                    }
                } else {
                    logger.warning(
                        "the log did not verify (the service's first full check): run `carelog verify` for what it found",
                        metadata: ["sequence": "\(report.head.sequence)", "problems": "\(report.problems.count)"])
                }
            } catch {
                logger.notice(
                    "the service's first full check of the log could not run",
                    metadata: ["reason": "\(CarelogError.from(error).description)"])
            }
        }
    }

    /// Runs `work` on a low-priority thread; cancelling the task stops `reading`, so a read in
    /// progress ends at its next event.
    private static func stoppable(_ reading: WarmingStore, _ work: @escaping @Sendable () throws -> Void)
        async throws
    {
        try await withTaskCancellationHandler {
            try await LowPriorityWork.run(work)
        } onCancel: {
            reading.stop()
        }
    }

    /// The reports warmed for `date`, with the parameters the pages and the API default to when
    /// `asAt` is `date` and nothing else is given: the RAG table for the quarter containing it,
    /// compliance (and complaints: the same fold), its trend and visit delivery for the quarter to
    /// date, at the head.
    package static func requests(asAt date: CareDate) -> [(ReportKind, ReportRequest)] {
        let period = Quarter.containing(date).firstDay...date
        return [
            (.improvementRAG, ReportRequest(asAt: date, knownAt: .head, format: .json)),
            (.compliance, ReportRequest(asAt: date, knownAt: .head, period: period, format: .json)),
            (.complianceTrend, ReportRequest(asAt: date, knownAt: .head, period: period, format: .json)),
            (
                .visitDelivery,
                ReportRequest(asAt: date, knownAt: .head, period: period, format: .json, visitGrouping: .team)
            ),
        ]
    }
}

/// A flag set once: ``claim()`` is true for the first caller only.
private final class StartedOnce: Sendable {
    private let started = Atomic<Bool>(false)

    func claim() -> Bool { started.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged }

    var isClaimed: Bool { started.load(ordering: .relaxed) }
}
