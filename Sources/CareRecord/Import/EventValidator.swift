import EventLog

/// Checks events before anything is appended: stream kind, future instants (relative to a
/// `now` passed in — the library never reads the clock), plausible values, references to
/// other streams and entries, and facts that span events: the lifecycle order (a visit is
/// checked in only if not cancelled, checked out only after a check-in; a person has at most
/// one open service) and check-out not before check-in. Whether a line restates or contradicts
/// a recorded fact is ``ImportPlanner``'s part (see ``FactIdentity``).
///
/// Decoding (required fields, enums, dates, instants) has already happened in
/// ``EventLine/parse(_:line:)`` or ``CareEventCodec``.
public struct EventValidator: Sendable {
    /// The time of recording; instants later than this plus ``allowedClockSkewMilliseconds`` are rejected.
    public var now: Timestamp
    /// How far in the future an instant may be (clock skew between devices). Default 5 minutes.
    public var allowedClockSkewMilliseconds: Int64

    /// A validator for events recorded at `now`.
    public init(now: Timestamp, allowedClockSkewMilliseconds: Int64 = 5 * 60 * 1000) {
        self.now = now
        self.allowedClockSkewMilliseconds = allowedClockSkewMilliseconds
    }

    /// The event that opens each kind of stream, for messages.
    static let openers: [StreamKind: String] = [
        .person: "ServiceStarted", .visit: "VisitScheduled", .medication: "MedicationRecorded",
        .incident: "IncidentRecorded", .notification: "NotificationSubmitted", .complaint: "ComplaintReceived",
        .staff: "StaffJoined", .inspection: "InspectionGraded", .programme: "ProgrammeDefined",
        .rules: "RulesAdopted", .migration: "RecordsMigrated",
        .access: "AccessGranted", .accessed: "RecordAccessed",
    ]

    /// Every problem with one line, against what `lookup` knows (empty when valid).
    public func problems(with given: EventLine, lookup: some ReferenceLookup) -> [CatalogueError] {
        // Only a correction or void naming its entry by stream and version changes: any other
        // line is checked as given, without copying it.
        guard given.event.namesEntryByTarget else { return problemsOfResolved(given, lookup: lookup) }
        let line: EventLine
        do { line = try resolvingTarget(given, lookup: lookup) } catch { return [error] }
        return problemsOfResolved(line, lookup: lookup)
    }

    /// ``problems(with:lookup:)`` of a line whose target, if any, is resolved.
    private func problemsOfResolved(_ line: EventLine, lookup: some ReferenceLookup) -> [CatalogueError] {
        var found = problemsWithoutLine(line, lookup: lookup)
        for i in found.indices {
            found[i].line = line.line
            found[i].eventType = line.type
        }
        return found
    }

    /// The line with a correction's ``EntryTarget`` (stream and version) resolved to the entry's
    /// global sequence, against `lookup` (the store plus earlier lines); other lines unchanged.
    ///
    /// - Throws: ``CatalogueError`` when the target is in another stream or does not exist.
    public func resolvingTarget(_ line: EventLine, lookup: some ReferenceLookup) throws(CatalogueError) -> EventLine {
        func resolve(_ target: EntryTarget) throws(CatalogueError) -> UInt64 {
            func fail(_ field: String, _ kind: CatalogueError.Kind, _ message: String) -> CatalogueError {
                CatalogueError(line: line.line, eventType: line.type, fieldPath: field, kind: kind, message: message)
            }
            guard target.stream == line.stream else {
                throw fail(
                    "data.target.stream", .wrongStream,
                    "names another stream; a correction goes in the same stream as the entry it corrects")
            }
            guard target.version >= 1, let sequence = try lookup.sequence(ofVersion: target.version, in: target.stream)
            else {
                throw fail(
                    "data.target.version", .missingReference,
                    "no entry with this version exists in the stream (in the store or earlier in the input)")
            }
            return sequence
        }
        var resolved = line
        switch line.event {
        case .entryCorrected(var e):
            guard let target = e.target else { return line }
            e.sequence = try resolve(target)
            e.target = nil
            resolved.event = .entryCorrected(e)
        case .entryVoided(var e):
            guard let target = e.target else { return line }
            e.sequence = try resolve(target)
            e.target = nil
            resolved.event = .entryVoided(e)
        default:
            return line
        }
        return resolved
    }

    /// Validates one line and throws its first problem.
    public func validate(_ line: EventLine, lookup: some ReferenceLookup) throws(CatalogueError) {
        if let first = problems(with: line, lookup: lookup).first { throw first }
    }

    /// Validates lines in order, each against the lookup plus the lines before it; returns every problem.
    public func problems(with lines: [EventLine], lookup: any ReferenceLookup) -> [CatalogueError] {
        var batch = BatchReferenceLookup(base: lookup)
        var all: [CatalogueError] = []
        for line in lines {
            let found = problems(with: line, lookup: batch)
            guard found.isEmpty else {
                all += found
                continue
            }
            do throws(CatalogueError) { try batch.add(line.stream, line.event) } catch { all.append(error) }
        }
        return all
    }

    /// The checks that need nothing but the line (``LineChecks``): the stream's kind, instants
    /// not in the future, plausible values, and the streams the payload refers to.
    func lineChecks(_ line: EventLine) -> LineChecks {
        let event = line.event
        let payloadType = event.payloadType
        var problems: [CatalogueError] = []
        func checks(_ references: [PayloadChecks.StreamReference] = []) -> LineChecks {
            LineChecks(
                now: now, allowedClockSkewMilliseconds: allowedClockSkewMilliseconds, problems: problems,
                references: problems.isEmpty ? references : [])
        }

        // The stream must be of the type's kind.
        if let kind = payloadType.streamKind, !line.stream.hasKind(kind.rawValue) {
            problems.append(
                CatalogueError(
                    fieldPath: "stream", kind: .wrongStream,
                    message: "\(payloadType.eventType) belongs in a \(kind.rawValue)/<id> stream"))
            return checks()
        }
        if line.occurredAt.millisecondsSinceEpoch > now.millisecondsSinceEpoch + allowedClockSkewMilliseconds {
            problems.append(
                CatalogueError(
                    fieldPath: "occurredAt", kind: .inFuture,
                    message:
                        "lies more than 5 minutes after the time of recording; record facts once they have happened"))
        }
        if let recordedAt = line.recordedAt, recordedAt < line.occurredAt {
            problems.append(
                CatalogueError(
                    fieldPath: "recordedAt", kind: .implausible, message: "must not be before occurredAt"))
        }

        var payloadChecks = PayloadChecks(
            stream: line.stream, now: now, allowedSkewMilliseconds: allowedClockSkewMilliseconds)
        Self.checkPayload(of: event, &payloadChecks)
        problems += payloadChecks.problems
        return checks(payloadChecks.references)
    }

    /// The payload's own checks (``CareEventPayload/check(_:)``). The hot types of an import are
    /// checked without boxing the payload: `event.payload` copies it into an existential, which
    /// allocates (and frees) a box per line for every payload larger than three words.
    static func checkPayload(of event: CareEvent, _ checks: inout PayloadChecks) {
        switch event {
        case .visitScheduled(let e): e.check(&checks)
        case .visitCheckedIn(let e): e.check(&checks)
        case .visitCheckedOut(let e): e.check(&checks)
        case .visitCancelled(let e): e.check(&checks)
        case .visitMissed(let e): e.check(&checks)
        case .medicationRecorded(let e): e.check(&checks)
        case .trainingCompleted(let e): e.check(&checks)
        default: event.payload.check(&checks)
        }
    }

    private func problemsWithoutLine(_ line: EventLine, lookup: some ReferenceLookup) -> [CatalogueError] {
        // Kept from parsing when the line was prepared with a validator like this one.
        let checks: LineChecks
        if let prepared = line.preparedChecks, prepared.hold(for: self) {
            checks = prepared
        } else {
            checks = lineChecks(line)
        }
        var problems = checks.problems
        guard problems.isEmpty else { return problems }
        let payloadType = line.event.payloadType

        do {
            // The stream must already exist unless this type may open it.
            if !payloadType.startsStream, try lookup.currentVersion(of: line.stream) == 0 {
                let opener =
                    StreamKind(rawValue: String(line.stream.kind)).flatMap { Self.openers[$0] } ?? "its first event"
                problems.append(
                    CatalogueError(
                        fieldPath: "stream", kind: .missingReference,
                        message:
                            "the stream does not exist yet; record its \(opener) first (earlier in the input or in the store)"
                    ))
            }
            for reference in checks.references where reference.stream != line.stream {
                if try lookup.currentVersion(of: reference.stream) == 0 {
                    let opener =
                        StreamKind(rawValue: String(reference.stream.kind)).flatMap { Self.openers[$0] }
                        ?? "its first event"
                    problems.append(
                        CatalogueError(
                            fieldPath: reference.fieldPath, kind: .missingReference,
                            message:
                                "refers to a \(reference.stream.kind) stream that does not exist yet; record its \(opener) first"
                        ))
                }
            }
            try crossEventProblems(line, lookup: lookup, into: &problems)
        } catch {
            problems.append(error)
        }
        return problems
    }

    /// Checks that compare with earlier events: corrections, end dates, check-out times, programme structure.
    private func crossEventProblems(
        _ line: EventLine, lookup: some ReferenceLookup, into problems: inout [CatalogueError]
    ) throws(CatalogueError) {
        func fail(_ field: String, _ kind: CatalogueError.Kind, _ message: String) {
            problems.append(CatalogueError(fieldPath: field, kind: kind, message: message))
        }
        func correctedEntry(_ sequence: UInt64) throws(CatalogueError) -> ReferencedEntry? {
            guard let entry = try lookup.entry(atSequence: sequence) else {
                fail("data.sequence", .missingReference, "no entry with this sequence exists in the log")
                return nil
            }
            guard entry.stream == line.stream else {
                fail(
                    "data.sequence", .wrongStream,
                    "the entry is in another stream; a correction goes in the same stream as the entry it corrects")
                return nil
            }
            return entry
        }
        switch line.event {
        case .entryVoided(let e):
            _ = try correctedEntry(e.sequence)
        case .entryCorrected(let e):
            if let entry = try correctedEntry(e.sequence), entry.type != e.replacement.type {
                fail(
                    "data.replacementType", .implausible,
                    "the corrected entry is a \(entry.type); its replacement must be a \(entry.type) too")
            }
        case .serviceEnded(let e):
            let facts = try lookup.facts(of: line.stream)
            if facts.serviceOpen == false {
                fail("type", .implausible, "the person has no open service to end")
            }
            if let start = facts.firstServiceOn, e.endedOn < start {
                fail("data.endedOn", .implausible, "must not be before the first service date (\(start))")
            }
        case .hospitalDischargeRecorded(let e):
            if let admitted = try lookup.facts(of: line.stream).admittedOn, e.dischargedOn < admitted {
                fail("data.dischargedOn", .implausible, "must not be before the admission (\(admitted))")
            }
        case .visitCheckedIn:
            if try lookup.facts(of: line.stream).cancelled {
                fail("type", .implausible, "the visit was cancelled; a cancelled visit cannot be checked in")
            }
        case .visitCheckedOut(let e):
            guard let checkIn = try lookup.facts(of: line.stream).lastCheckIn else {
                fail("type", .missingReference, "the visit has no check-in; record its VisitCheckedIn first")
                break
            }
            if e.checkedOutAt < checkIn {
                fail("data.checkedOutAt", .implausible, "must not be before the check-in (\(checkIn.iso8601))")
            }
        case .serviceStarted:
            if try lookup.facts(of: line.stream).serviceOpen == true {
                fail("type", .implausible, "the person already has an open service; record its ServiceEnded first")
            }
        case .activityDefined(let e):
            if !(try lookup.facts(of: line.stream).workstreamIds.contains(e.workstreamId)) {
                fail(
                    "data.workstreamId", .missingReference,
                    "no workstream \(e.workstreamId) is defined in \(line.stream); record its WorkstreamDefined first")
            }
        case .activityUpdateRecorded(let e):
            if !(try lookup.facts(of: line.stream).activityIds.contains(e.activityId)) {
                fail(
                    "data.activityId", .missingReference,
                    "no activity \(e.activityId) is defined in \(line.stream); record its ActivityDefined first")
            }
        default:
            break
        }
    }
}
