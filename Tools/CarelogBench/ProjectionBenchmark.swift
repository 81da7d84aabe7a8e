import AllocatorSettings
import ArgumentParser
import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog
import Projections

/// Projection figures over a demo store (build one with `carelog demo --people N`): each
/// projection's rebuild rate over the whole log (log events ÷ seconds) and the process's peak
/// memory. Run one projection per process (`--only`) to read its own peak memory.
struct ProjectionBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections", abstract: "Projection rebuild figures over a demo store.")

    @Option(help: "A demo store.") var store: String
    @Option(name: .customLong("repeat"), help: "Repetitions of each measure.") var repetitions = 3
    @Option(
        help:
            "Projections (comma separated): reviews-due,compliance,rag,notifications,audit; compliance-warm,rag-warm (at the head with a checkpoint saved --warm-gap events before it, seconds; with compliance or rag in the same run, also the rebuild's time over the warm report's); compliance-first,rag-first (a full rebuild that saves its checkpoint in an empty cache); compliance-envelopes,rag-envelopes (the rebuild reading an envelope per event instead of the stored bytes in place); replay,replay-envelopes (every event of the log decoded to a care event, in place or through envelopes); past-short,past-long,past-long-nocache (compliance for the first month on a tenth of the log and on all of it, seconds); timeline,timeline-indexed,timeline-index-build (the first person's timeline across streams reading the log, and through the person index, seconds; building that index from empty, seconds); access-register,access-register-resume,access-register-resume-gap (the service's access register folded from the whole log, or resumed from its state saved at the head or --warm-gap events before it, seconds, with peak and held memory); access-decisions (a carer's schedule and a person's scope on the days of 10,000 check-ins, seconds)."
    ) var only =
        "reviews-due,compliance,rag,notifications,audit"
    @Option(help: "For the -warm measures: events between the saved checkpoint and the head.") var warmGap = 1000

    func run() throws {
        // As `carelog report` runs (Sources/carelog/main.swift): on the allocator's large pages.
        LargeAllocatorPages.turnOn()
        var options = LMDBEventStore.Options()
        options.readOnly = true
        let store = try LMDBEventStore(path: self.store, options: options)
        let head = try store.checkpoint()
        var first: RecordedEvent?
        var last: RecordedEvent?
        var forward = EventSelection()
        forward.limit = 1
        try store.read(forward) { first = $0 }
        var backward = EventSelection()
        backward.direction = .backward
        backward.limit = 1
        try store.read(backward) { last = $0 }
        guard let first, let last else { throw ValidationError("the store is empty") }
        let start = UKTime.ukDate(epochMilliseconds: first.occurredAt.millisecondsSinceEpoch)
        let asAt = UKTime.ukDate(epochMilliseconds: last.occurredAt.millisecondsSinceEpoch)
        let parameters = ProjectionParameters(
            asAt: asAt, knownAt: .sequence(head.sequence), periodStart: start, periodEnd: asAt)
        print("# store: \(head.sequence) events, \(start) to \(asAt)")
        let total = Double(head.sequence)
        let wanted = only.split(separator: ",").map(String.init)
        var results: [Measurement] = []
        for name in wanted {
            var m = Measurement(name: "projection.\(name)", unit: "log-ev/s", samples: [])
            var memory = Measurement(name: "memory.\(name).peak-anon", unit: "MiB", samples: [])
            for _ in 0..<repetitions {
                if name.hasPrefix("past-") {
                    // Compliance for the log's first month, on a log cut at a tenth of its length
                    // (short) or at the head (long, ten times longer after the month), through a
                    // cache whose decisive-day summary a whole-log report built (untimed); -nocache:
                    // the same report without a cache (every event read).
                    let month = ProjectionParameters(
                        asAt: start.adding(months: 1).adding(days: -1), periodStart: start,
                        periodEnd: start.adding(months: 1).adding(days: -1))
                    var past = month
                    past.knownAt = .sequence(name == "past-short" ? max(1, head.sequence / 10) : head.sequence)
                    let cut = try ProjectionRunner.cut(knownAt: past.knownAt, in: store)
                    m.unit = "s"
                    if name.hasSuffix("-nocache") {
                        m.samples.append(
                            try seconds {
                                _ = try ProjectionRunner.run(Compliance.self, parameters: past, cut: cut, store: store)
                            })
                        continue
                    }
                    let cache = try BenchmarkFoldCache()
                    _ = try ProjectionRunner.run(
                        Compliance.self, parameters: parameters, cut: ProjectionRunner.cut(knownAt: .head, in: store),
                        store: store, cache: cache)
                    m.samples.append(
                        try seconds {
                            _ = try ProjectionRunner.run(
                                Compliance.self, parameters: past, cut: cut, store: store, cache: cache)
                        })
                    continue
                }
                if name.hasPrefix("access-") {
                    // The service's access register (Sources/CarelogService/RegisterGate.swift):
                    // folded from the whole log, or resumed from the state saved in a scratch
                    // cache (saved untimed); -decisions: seconds for a carer's schedule and a
                    // person's scope on the days of 10,000 check-ins, each checked.
                    m.unit = "s"
                    if name == "access-decisions" {
                        let register = try AccessRegister.build(from: store)
                        let probes = try accessProbes(in: store, count: 10_000)
                        var found = 0
                        var teams = 0
                        m.samples.append(
                            seconds {
                                for probe in probes {
                                    let people = register.scheduledPeople(ofStaff: probe.staffId, on: probe.day)
                                    if people.contains(probe.personId),
                                        register.person(ofVisit: probe.visitId) == probe.personId
                                    {
                                        found += 1
                                    }
                                    teams += register.scope(ofPerson: probe.personId, on: probe.day).teams.count
                                }
                            })
                        print("# access-decisions: \(probes.count) check-ins, \(teams) teams found")
                        guard found == probes.count else {
                            throw ValidationError(
                                "\(probes.count - found) of \(probes.count) check-ins not on the carer's schedule")
                        }
                        continue
                    }
                    let scratch = try BenchmarkFoldCache()
                    if name == "access-register-resume" { _ = try AccessRegister.resume(from: store, cache: scratch) }
                    if name == "access-register-resume-gap" {
                        let saved = head.sequence - min(UInt64(warmGap), head.sequence - 1)
                        try AccessRegister.build(from: store, knownAt: .sequence(saved)).save(to: scratch, store: store)
                    }
                    var held = 0.0
                    let peak = try peakAnonymousMiB {
                        let before = residentAnonymousMiB()
                        var register = AccessRegister()
                        m.samples.append(
                            try seconds {
                                if name.hasPrefix("access-register-resume") {
                                    register = try AccessRegister.resume(from: store, cache: scratch).register
                                } else {
                                    register = try AccessRegister.build(from: store)
                                }
                            })
                        held = residentAnonymousMiB() - before
                        withExtendedLifetime(register) {}
                    }
                    memory.samples.append(peak)
                    print("# \(name): register holds about \(Int(held)) MiB after the fold")
                    continue
                }
                if name.hasPrefix("timeline") {
                    // The timeline page's work (`GET /v1/people/{id}/timeline`): reading every
                    // opening event, or through a person index built untimed (or timed: -build)
                    // in a scratch cache.
                    m.unit = "s"
                    let scratch = try BenchmarkFoldCache()
                    let index = name == "timeline" ? nil : PersonStreamIndex(cache: scratch.environment)
                    if name == "timeline-index-build" {
                        m.samples.append(try seconds { try index?.catchUp(to: head.sequence, store: store) })
                        let size =
                            (try? FileManager.default.attributesOfItem(atPath: scratch.directory + "/cache/data.mdb"))?[
                                .size]
                        print(
                            "# person index: \(try scratch.environment.personIndexCount()) entries, cache file \(size ?? 0) bytes"
                        )
                        continue
                    }
                    _ = try index?.catchUp(to: head.sequence, store: store)
                    m.samples.append(
                        try seconds {
                            _ = try AuditWiring.person(
                                "P00001", knownAt: .sequence(head.sequence), asAt: asAt, store: store, index: index)
                        })
                    continue
                }
                if name.hasSuffix("-first") {
                    // A full rebuild through an empty checkpoint cache (on disk), which saves its states.
                    let cache = try BenchmarkFoldCache()
                    let t = try seconds {
                        try warmReport(name, parameters: parameters, asAt: asAt, store: store, cache: cache)
                    }
                    m.samples.append(total / t)
                    continue
                }
                if name.hasSuffix("-warm") {
                    // Untimed: the checkpoint saved warmGap events before the head; timed: the report at the head.
                    let cache = try BenchmarkFoldCache()
                    var earlier = parameters
                    earlier.knownAt = .sequence(head.sequence - min(UInt64(warmGap), head.sequence - 1))
                    try warmReport(name, parameters: earlier, asAt: asAt, store: store, cache: cache)
                    m.unit = "s"
                    m.samples.append(
                        try seconds {
                            try warmReport(name, parameters: parameters, asAt: asAt, store: store, cache: cache)
                        })
                    continue
                }
                var t = 0.0
                let peak = try peakAnonymousMiB {
                    t = try seconds {
                        switch name {
                        case "reviews-due":
                            _ = try ProjectionRunner.run(ReviewsDue.self, parameters: parameters, store: store)
                        case "compliance":
                            _ = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: store)
                        case "compliance-envelopes":
                            _ = try ProjectionRunner.run(
                                Compliance.self, parameters: parameters, store: EnvelopeStore(store))
                        case "rag-envelopes":
                            _ = try ImprovementRAGTable.runWithComplianceIndicators(
                                programmeId: nil, quarter: Quarter.containing(asAt), parameters: parameters,
                                store: EnvelopeStore(store))
                        case "replay", "replay-envelopes":
                            var count = 0
                            try ProjectionRunner.replay(
                                knownAt: .sequence(head.sequence),
                                in: name == "replay" ? store : EnvelopeStore(store)
                            ) { _, _ in count += 1 }
                            guard count == head.sequence else { throw ValidationError("the replay missed events") }
                        case "rag":
                            _ = try ImprovementRAGTable.runWithComplianceIndicators(
                                programmeId: nil, quarter: Quarter.containing(asAt), parameters: parameters,
                                store: store)
                        case "notifications":
                            // A fixed benchmark key: the cost is the same as a recipient's real key.
                            let key = PseudonymKey(
                                recipient: "benchmark", bytes: Array(repeating: 1, count: PseudonymKey.byteCount))
                            _ = try NotificationExtract.run(
                                parameters: parameters, store: store,
                                naming: key.map(SubjectNaming.pseudonymous) ?? .internal)
                        case "audit":
                            _ = try AuditTimeline.run(
                                stream: try person1(), knownAt: .sequence(head.sequence), store: store)
                        default: throw ValidationError("unknown projection \(name)")
                        }
                    }
                }
                m.samples.append(total / t)
                memory.samples.append(peak)
            }
            results.append(m)
            if !memory.samples.isEmpty { results.append(memory) }
        }
        // Issue 13's ratio: the warm report against the full rebuild of the same run (medians).
        for kind in ["compliance", "rag"] {
            guard let rebuild = results.first(where: { $0.name == "projection.\(kind)" }),
                let warm = results.first(where: { $0.name == "projection.\(kind)-warm" }), rebuild.median > 0,
                warm.median > 0
            else { continue }
            results.append(
                Measurement(
                    name: "projection.\(kind)-warm.times-rebuild", unit: "x",
                    samples: [total / rebuild.median / warm.median]))
        }
        results.append(Measurement(name: "memory.peak-rss-including-map", unit: "MiB", samples: [peakResidentMiB()]))
        for r in results { print(r.line) }
    }
}

/// The projection checkpoints' LMDB cache (``FoldStateEnvironment``), empty, in a scratch
/// directory, for the warm and first-run measures: what `carelog report` uses.
final class BenchmarkFoldCache: FoldStateCache {
    let environment: FoldStateEnvironment
    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "carelog-bench-cache-\(UUID().uuidString)"
            ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        environment = try FoldStateEnvironment(storePath: directory)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func load(key: String) -> [UInt8]? { environment.load(key: key) }
    func save(key: String, bytes: [UInt8]) { environment.save(key: key, bytes: bytes) }
}

/// Compliance or the RAG table through `cache`.
private func warmReport(
    _ name: String, parameters: ProjectionParameters, asAt: CareDate, store: any EventStore, cache: BenchmarkFoldCache
) throws {
    let cut = try ProjectionRunner.cut(knownAt: parameters.knownAt, in: store)
    if name.hasPrefix("compliance-") {
        _ = try ProjectionRunner.run(Compliance.self, parameters: parameters, cut: cut, store: store, cache: cache)
    } else {
        _ = try ImprovementRAGTable.runWithComplianceIndicators(
            programmeId: nil, quarter: Quarter.containing(asAt), parameters: parameters, store: store, cache: cache)
    }
}

/// A check-in the access measures look up: the carer, the visit, its person and care day.
private struct AccessProbe {
    var staffId: String
    var visitId: String
    var personId: String
    var day: CareDate
}

/// The first `count` check-ins of the log whose visit plan came before them, spread over the log
/// by taking every n-th.
private func accessProbes(in store: any EventStore, count: Int) throws -> [AccessProbe] {
    var plans: [String: VisitScheduled] = [:]
    var probes: [AccessProbe] = []
    try store.read(EventSelection.types([VisitScheduled.eventType, VisitCheckedIn.eventType])) { recorded in
        let event = try CareEventCodec.decode(recorded)
        let visit = String(recorded.stream.id)
        switch event {
        case .visitScheduled(let plan): plans[visit] = plan
        case .visitCheckedIn(let check):
            guard let plan = plans[visit] else { return }
            probes.append(
                AccessProbe(
                    staffId: check.staffId, visitId: visit, personId: plan.personId,
                    day: UKTime.ukDate(epochMilliseconds: plan.plannedStart.millisecondsSinceEpoch)))
        default: break
        }
    }
    guard !probes.isEmpty else { throw ValidationError("the store holds no check-ins") }
    let step = max(1, probes.count / count)
    return stride(from: 0, to: probes.count, by: step).prefix(count).map { probes[$0] }
}

/// The demo's first person, whose history the audit benchmark reads.
private func person1() throws -> StreamName {
    guard let stream = StreamName("person/P00001") else { throw ValidationError("invalid benchmark stream name") }
    return stream
}

/// The store seen only through the ``EventStore`` protocol, so the projection runner reads an
/// envelope (``RecordedEvent``) per event instead of the stored bytes in place: the reference
/// the `-envelopes` measures compare borrowed reads with.
private final class EnvelopeStore: EventStore {
    private let store: LMDBEventStore
    init(_ store: LMDBEventStore) { self.store = store }
    var storeID: String { store.storeID }
    func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult { try store.append(batch) }
    func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws {
        try store.read(selection, visit)
    }
    func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        try store.currentVersion(of: stream, knownAt: knownAt)
    }
    func checkpoint(knownAt: KnownAt) throws(EventStoreError) -> Checkpoint { try store.checkpoint(knownAt: knownAt) }
    func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport {
        try store.verify(against: checkpoint)
    }
}
