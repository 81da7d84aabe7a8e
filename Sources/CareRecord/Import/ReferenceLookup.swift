import CareCalendar
import EventLog

/// Answers what validation needs to know about the log: whether a stream exists, a few facts
/// about it, and which stream and type an entry has.
///
/// Implemented over an ``EventLog/EventStore`` (``EventStoreReferenceLookup``), over nothing
/// (``EmptyReferenceLookup``), and over the earlier lines of a batch on top of either
/// (``BatchReferenceLookup``), so an import that schedules a visit on line 3 and checks it in on
/// line 9 validates.
public protocol ReferenceLookup {
    /// The stream's current version; 0 when it has no events.
    func currentVersion(of stream: StreamName) throws(CatalogueError) -> UInt32
    /// Facts about the stream that value checks compare against (e.g. the last check-in).
    func facts(of stream: StreamName) throws(CatalogueError) -> StreamFacts
    /// The stream and type of the entry with this global sequence number, if it exists.
    func entry(atSequence sequence: UInt64) throws(CatalogueError) -> ReferencedEntry?
    /// Every fact recorded in the stream, in version order, for fact identity (see ``FactIdentity``).
    func recordedFacts(in stream: StreamName) throws(CatalogueError) -> [RecordedFact]
    /// The facts recorded in the stream at `version` and after, in version order (the versions
    /// before are in an import's ``FactIndex``).
    func recordedFacts(in stream: StreamName, fromVersion version: UInt32) throws(CatalogueError) -> [RecordedFact]
    /// The log's last sequence number (0 when empty).
    func headSequence() throws(CatalogueError) -> UInt64
    /// The global sequence of the stream's entry at `version`, if it exists.
    func sequence(ofVersion version: UInt32, in stream: StreamName) throws(CatalogueError) -> UInt64?
    /// This lookup fixed at the log as it is at `sequence` (so later appends do not change its answers).
    func pinned(at sequence: UInt64) -> any ReferenceLookup
}

extension ReferenceLookup {
    /// Lookups that do not change as the log grows are already pinned.
    public func pinned(at sequence: UInt64) -> any ReferenceLookup { self }

    /// All the stream's facts, less those before `version`.
    public func recordedFacts(in stream: StreamName, fromVersion version: UInt32) throws(CatalogueError)
        -> [RecordedFact]
    {
        try recordedFacts(in: stream).filter { $0.version >= version }
    }
}

/// Where an entry lives and what it is, for checking corrections.
public struct ReferencedEntry: Hashable, Sendable {
    /// Its global sequence number.
    public var sequence: UInt64
    /// Its stream.
    public var stream: StreamName
    /// Its event type.
    public var type: String

    /// Creates a reference.
    public init(sequence: UInt64, stream: StreamName, type: String) {
        self.sequence = sequence
        self.stream = stream
        self.type = type
    }
}

/// The few facts about a stream that cross-event checks need, folded from its events.
public struct StreamFacts: Hashable, Sendable {
    /// The event types that change these facts (read through the store's type index).
    public static let relevantTypes: Set<String> = [
        ServiceStarted.eventType, ServiceEnded.eventType, HospitalAdmissionRecorded.eventType,
        VisitCheckedIn.eventType, VisitCancelled.eventType, WorkstreamDefined.eventType, ActivityDefined.eventType,
    ]

    /// The first service date of the latest `ServiceStarted`.
    public var firstServiceOn: CareDate?
    /// The day of the latest `HospitalAdmissionRecorded`.
    public var admittedOn: CareDate?
    /// The latest `VisitCheckedIn` time.
    public var lastCheckIn: Timestamp?
    /// Whether the visit has been cancelled.
    public var cancelled = false
    /// Whether a service is open (started and not ended since); `nil` when neither is recorded.
    public var serviceOpen: Bool?
    /// Workstreams defined in a programme stream.
    public var workstreamIds: Set<String> = []
    /// Activities defined in a programme stream.
    public var activityIds: Set<String> = []

    /// No facts.
    public init() {}

    /// Folds one more event of the stream into the facts.
    public mutating func absorb(_ event: CareEvent) {
        switch event {
        case .serviceStarted(let e):
            firstServiceOn = e.firstServiceOn
            serviceOpen = true
        case .serviceEnded: serviceOpen = false
        case .visitCancelled: cancelled = true
        case .hospitalAdmissionRecorded(let e): admittedOn = e.admittedOn
        case .visitCheckedIn(let e): lastCheckIn = max(lastCheckIn ?? e.checkedInAt, e.checkedInAt)
        case .workstreamDefined(let e): workstreamIds.insert(e.workstreamId)
        case .activityDefined(let e): activityIds.insert(e.activityId)
        default: break
        }
    }

    /// These facts with later events' facts laid over them.
    public func overlaid(with later: StreamFacts) -> StreamFacts {
        var out = self
        out.firstServiceOn = later.firstServiceOn ?? firstServiceOn
        out.admittedOn = later.admittedOn ?? admittedOn
        if let l = later.lastCheckIn { out.lastCheckIn = max(lastCheckIn ?? l, l) }
        out.cancelled = cancelled || later.cancelled
        out.serviceOpen = later.serviceOpen ?? serviceOpen
        out.workstreamIds.formUnion(later.workstreamIds)
        out.activityIds.formUnion(later.activityIds)
        return out
    }
}

/// A log with nothing in it: every reference outside the batch is missing.
public struct EmptyReferenceLookup: ReferenceLookup {
    /// Creates the empty lookup.
    public init() {}
    public func currentVersion(of stream: StreamName) throws(CatalogueError) -> UInt32 { 0 }
    public func facts(of stream: StreamName) throws(CatalogueError) -> StreamFacts { StreamFacts() }
    public func entry(atSequence sequence: UInt64) throws(CatalogueError) -> ReferencedEntry? { nil }
    public func recordedFacts(in stream: StreamName) throws(CatalogueError) -> [RecordedFact] { [] }
    public func headSequence() throws(CatalogueError) -> UInt64 { 0 }
    public func sequence(ofVersion version: UInt32, in stream: StreamName) throws(CatalogueError) -> UInt64? { nil }
}

/// References checked against an event store, as known at a point (default: the head).
public struct EventStoreReferenceLookup: ReferenceLookup {
    /// The store asked.
    public let store: any EventStore
    /// The point in the log asked about.
    public let knownAt: KnownAt
    /// Answers already read, when `knownAt` is a sequence (the log up to it never changes).
    private let pinnedAnswers: PinnedStreamAnswers?

    /// A lookup over `store`.
    public init(store: any EventStore, knownAt: KnownAt = .head) {
        self.store = store
        self.knownAt = knownAt
        if case .sequence = knownAt { pinnedAnswers = PinnedStreamAnswers() } else { pinnedAnswers = nil }
    }

    public func currentVersion(of stream: StreamName) throws(CatalogueError) -> UInt32 {
        if let version = pinnedAnswers?.answers(for: stream)?.version { return version }
        let version: UInt32
        do {
            version = try store.currentVersion(of: stream, knownAt: knownAt)
        } catch {
            throw Self.unavailable(error)
        }
        pinnedAnswers?.remember(stream) { $0.version = version }
        return version
    }

    public func facts(of stream: StreamName) throws(CatalogueError) -> StreamFacts {
        if let facts = pinnedAnswers?.answers(for: stream)?.facts { return facts }
        var selection = EventSelection.stream(stream)
        selection.types = StreamFacts.relevantTypes
        selection.knownAt = knownAt
        var facts = StreamFacts()
        do {
            try store.read(selection) { recorded in
                facts.absorb(try CareEventCodec.decode(recorded))
            }
        } catch let error as CatalogueError {
            throw error
        } catch {
            throw Self.unavailable(error)
        }
        pinnedAnswers?.remember(stream) { $0.facts = facts }
        return facts
    }

    public func entry(atSequence sequence: UInt64) throws(CatalogueError) -> ReferencedEntry? {
        var selection = EventSelection()
        selection.fromSequence = sequence
        selection.limit = 1
        selection.knownAt = knownAt
        var found: ReferencedEntry?
        do {
            try store.read(selection) { recorded in
                if recorded.sequence == sequence {
                    found = ReferencedEntry(sequence: sequence, stream: recorded.stream, type: recorded.type)
                }
            }
        } catch {
            throw Self.unavailable(error)
        }
        return found
    }

    public func headSequence() throws(CatalogueError) -> UInt64 {
        do { return try store.checkpoint(knownAt: knownAt).sequence } catch { throw Self.unavailable(error) }
    }

    public func sequence(ofVersion version: UInt32, in stream: StreamName) throws(CatalogueError) -> UInt64? {
        var selection = EventSelection.stream(stream, fromVersion: version)
        selection.limit = 1
        selection.knownAt = knownAt
        var found: UInt64?
        do {
            try store.read(selection) { recorded in
                if recorded.streamVersion == version { found = recorded.sequence }
            }
        } catch {
            throw Self.unavailable(error)
        }
        return found
    }

    /// The same store as known at `sequence` (unless already asked about an earlier point).
    public func pinned(at sequence: UInt64) -> any ReferenceLookup {
        guard case .head = knownAt else { return self }
        return EventStoreReferenceLookup(store: store, knownAt: .sequence(sequence))
    }

    /// Reads the stream's versions from `version` on (the pinned answers, which hold whole
    /// streams, are neither used nor kept).
    public func recordedFacts(in stream: StreamName, fromVersion version: UInt32) throws(CatalogueError)
        -> [RecordedFact]
    {
        try read(.stream(stream, fromVersion: version)).facts
    }

    public func recordedFacts(in stream: StreamName) throws(CatalogueError) -> [RecordedFact] {
        if let recorded = pinnedAnswers?.answers(for: stream)?.recorded { return recorded }
        let (facts, streamFacts) = try read(.stream(stream))
        pinnedAnswers?.remember(stream) { [facts, streamFacts] answers in
            answers.recorded = facts
            answers.facts = streamFacts
            answers.version = facts.last?.version ?? 0
        }
        return facts
    }

    /// The facts of the events `selection` reads, and the same events folded as ``facts(of:)``
    /// folds them (it reads only the types that change them; the others change nothing).
    private func read(_ selection: EventSelection) throws(CatalogueError) -> (
        facts: [RecordedFact], streamFacts: StreamFacts
    ) {
        var selection = selection
        selection.knownAt = knownAt
        var facts: [RecordedFact] = []
        var streamFacts = StreamFacts()
        do {
            try store.read(selection) { recorded in
                let event = try CareEventCodec.decode(recorded)
                streamFacts.absorb(event)
                facts.append(
                    RecordedFact(
                        version: recorded.streamVersion, type: recorded.type, occurredAt: recorded.occurredAt,
                        canonicalPayload: event.canonicalPayload, onceSlot: FactIdentity.onceSlot(of: event),
                        sequence: recorded.sequence))
            }
        } catch let error as CatalogueError {
            throw error
        } catch {
            throw Self.unavailable(error)
        }
        return (facts, streamFacts)
    }

    private static func unavailable(_ error: any Error) -> CatalogueError {
        let detail = (error as? EventStoreError)?.description ?? "the store could not be read"
        return CatalogueError(kind: .storeUnavailable, message: "references could not be checked: \(detail)")
    }
}
