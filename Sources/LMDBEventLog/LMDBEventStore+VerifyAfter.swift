import EventLog
import LMDBStorage

/// The check of what is new since a verified position (`carelog checkpoint --sign` between
/// signatures, `Docs/proofs.md` §9): the events after it as ``verify(against:)`` checks them,
/// and the index entries that point at them, without reading the events before it.
extension LMDBEventStore {
    /// Checks the log after `position`, a position an earlier check found sound. The hash stored
    /// at `position.sequence` must still be `position.headHash` (same store, log not shorter);
    /// each later event must have the next sequence number, decode, chain to its predecessor's
    /// hash, not go back in `recordedAt`, and continue its stream's versions from the stream's
    /// version before the position. For the events the indexes cover: each has its stream- and
    /// type-index entries, each stream's head is its last indexed version, no index entry
    /// points at a new event without describing it, and each index holds one entry per indexed
    /// event. Events before the position are not read,
    /// nor the idempotency records (that is ``verify(against:)``'s whole-log pass).
    ///
    /// The report's `head` is the log's head as checked; `eventsChecked` counts the new events.
    public func verify(after position: Checkpoint) throws(EventStoreError) -> VerificationReport {
        do {
            return try env.read { txn in try verifyTail(after: position, txn) }
        } catch {
            throw Self.translate(error)
        }
    }

    private func verifyTail(after position: Checkpoint, _ txn: borrowing Transaction) throws -> VerificationReport {
        var problems: [VerificationReport.Problem] = []
        func note(_ kind: VerificationReport.Problem.Kind, _ sequence: UInt64?, _ message: String) {
            if problems.count < Self.maximumProblems {
                problems.append(.init(kind: kind, sequence: sequence, message: message))
            }
        }
        let from = position.sequence
        let (watermark, last) = try indexBounds(txn)
        func report(checked: UInt64 = 0, head: Checkpoint = position) -> VerificationReport {
            problems.sort { ($0.sequence ?? .max, $0.kind.rawValue) < ($1.sequence ?? .max, $1.kind.rawValue) }
            return VerificationReport(eventsChecked: checked, head: head, problems: problems)
        }
        guard position.storeID == storeID else {
            note(
                .checkpoint, nil, "the verified position is from store \(position.storeID), not this store (\(storeID))"
            )
            return report()
        }
        guard from <= last else {
            note(
                .checkpoint, from, "the log ends at \(last), before the verified position \(from): events were removed")
            return report()
        }
        let stored =
            from == 0
            ? EventHash.genesis
            : try txn.get(events, key: StoreLayout.sequenceKey(from)).flatMap { StoreLayout.split($0)?.hash }
        guard stored == position.headHash else {
            note(
                .checkpoint, from,
                "the hash stored at sequence \(from) is not the one verified there: history at or before it has changed"
            )
            return report()
        }
        guard from < last else { return report() }

        // Only the streams the new events belong to are looked up (not every stream's head).
        let heads = try streamHeads(of: try streamNames(after: from, txn), txn)
        let typeIDs = try self.typeIDs(txn)
        let pass = try verifyEvents(
            (from + 1)...last, indexedThrough: watermark, checkpointSequence: nil, heads: heads, typeIDs: typeIDs,
            progress: nil, txn)
        for problem in pass.problems { note(problem.kind, problem.sequence, problem.message) }
        var head = position
        if let lastEvent = pass.last {
            head = Checkpoint(
                storeID: storeID, sequence: lastEvent.sequence, headHash: lastEvent.hash,
                recordedAt: lastEvent.recordedAt)
        }
        try checkStreamBoundaries(pass, after: from, indexedThrough: watermark, heads: heads, txn, note)
        try checkNewIndexEntries(
            after: from, indexedThrough: watermark, last: last, heads: heads, typeIDs: typeIDs, txn, note)
        // Each indexed event has one entry in each index: the entry counts catch an extra entry
        // anywhere, without reading the indexes.
        for (database, kind, name) in [
            (streamIndex, VerificationReport.Problem.Kind.streamIndex, "stream"), (typeIndex, .typeIndex, "type"),
        ] {
            let held = try txn.count(database)
            if UInt64(held) != watermark {
                note(kind, nil, "the \(name) index holds \(held) entries where the log has \(watermark) indexed events")
            }
        }
        return report(checked: pass.checked, head: head)
    }

    /// The names of the streams of the events after `from`.
    private func streamNames(after from: UInt64, _ txn: borrowing Transaction) throws -> Set<String> {
        var names: Set<String> = []
        try txn.withCursor(events) { cursor in
            var entry = try cursor.seek(atOrAfter: StoreLayout.sequenceKey(from + 1))
            while let e = entry {
                if let (canonical, _) = StoreLayout.split(e.value),
                    let fields = try? EventRecordCodec.indexFields(canonical)
                {
                    names.insert(fields.stream)
                }
                entry = try cursor.next()
            }
        }
        return names
    }

    /// The id and last indexed version of each of the streams `names` that has an id.
    private func streamHeads(of names: Set<String>, _ txn: borrowing Transaction) throws
        -> [String: (id: UInt32, version: UInt32)]
    {
        var heads: [String: (id: UInt32, version: UInt32)] = [:]
        for name in names {
            guard let value = try txn.get(streams, key: Array(name.utf8)), value.count == 4 else { continue }
            let id = StoreLayout.u32(value)
            heads[name] = (id, try lastVersion(ofStream: id, txn))
        }
        return heads
    }

    /// Each stream's first new version follows its version before the position (found in the
    /// stream index), and each stream's head is its last indexed version.
    private func checkStreamBoundaries(
        _ pass: EventPass, after from: UInt64, indexedThrough watermark: UInt64,
        heads: [String: (id: UInt32, version: UInt32)], _ txn: borrowing Transaction,
        _ note: (VerificationReport.Problem.Kind, UInt64?, String) -> Void
    ) throws {
        try txn.withCursor(streamIndex) { cursor in
            for (stream, run) in pass.runs where run.firstSequence <= watermark {
                guard let id = heads[stream]?.id else { continue }
                if run.first > 1 {
                    let before = try cursor.seek(
                        key: StoreLayout.be(id),
                        valueAtOrAfter: StoreLayout.streamIndexValue(version: run.first - 1, sequence: 0))
                    if before.map({
                        StoreLayout.u32($0.value) == run.first - 1 && StoreLayout.u64($0.value, at: 4) <= from
                    })
                        != true
                    {
                        note(
                            .streamIndex, run.firstSequence,
                            "stream version \(run.first) does not follow the stream's last version before sequence \(from + 1)"
                        )
                    }
                } else if let earlier = try cursor.seek(key: StoreLayout.be(id)),
                    StoreLayout.u32(earlier.value) == 1, StoreLayout.u64(earlier.value, at: 4) <= from
                {
                    note(
                        .streamIndex, run.firstSequence,
                        "stream version 1 again: the stream began before sequence \(from + 1)")
                }
            }
            for (stream, h) in heads {
                if let indexed = pass.indexedVersions[stream], indexed != h.version {
                    note(
                        .streamIndex, nil,
                        "a stream's head says version \(h.version) but the log holds \(indexed) of its indexed events")
                }
            }
        }
    }

    /// Every new indexed event has its stream- and type-index entries, and the indexes hold no
    /// more entries pointing after the position than there are new indexed events.
    private func checkNewIndexEntries(
        after from: UInt64, indexedThrough watermark: UInt64, last: UInt64,
        heads: [String: (id: UInt32, version: UInt32)], typeIDs: [String: UInt32], _ txn: borrowing Transaction,
        _ note: (VerificationReport.Problem.Kind, UInt64?, String) -> Void
    ) throws {
        guard from < watermark else { return }
        // Per stream id: the first new version and how many new events; per type id: how many.
        var streamRuns: [UInt32: (first: UInt32, count: Int, firstSequence: UInt64)] = [:]
        var typeCounts: [UInt32: Int] = [:]
        try txn.withCursor(events) { cursor in
            try txn.withCursor(streamIndex) { streamEntries in
                try txn.withCursor(typeIndex) { typeEntries in
                    var entry = try cursor.seek(atOrAfter: StoreLayout.sequenceKey(from + 1))
                    while let e = entry {
                        let sequence = StoreLayout.u64(e.key)
                        if sequence > watermark { break }
                        entry = try cursor.next()
                        guard let (canonical, _) = StoreLayout.split(e.value),
                            let event = try? EventRecordCodec.indexFields(canonical)
                        else { continue }  // named by the event pass
                        if let id = heads[event.stream]?.id {
                            let value = StoreLayout.streamIndexValue(version: event.streamVersion, sequence: sequence)
                            let found = try streamEntries.seek(key: StoreLayout.be(id), valueAtOrAfter: value)
                            if found.map({ $0.value.elementsEqual(value) }) != true {
                                note(.streamIndex, sequence, "the stream index has no entry for the event")
                            }
                            streamRuns[id, default: (event.streamVersion, 0, sequence)].count += 1
                        }
                        if let id = typeIDs[event.type] {
                            let value = StoreLayout.sequenceKey(sequence)
                            let found = try typeEntries.seek(key: StoreLayout.be(id), valueAtOrAfter: value)
                            if found.map({ $0.value.elementsEqual(value) }) != true {
                                note(.typeIndex, sequence, "the type index has no entry for the event")
                            }
                            typeCounts[id, default: 0] += 1
                        }
                    }
                }
            }
        }
        try txn.withCursor(streamIndex) { cursor in
            for (id, run) in streamRuns {
                var held = 0
                var entry = try cursor.seek(
                    key: StoreLayout.be(id),
                    valueAtOrAfter: StoreLayout.streamIndexValue(version: run.first, sequence: 0))
                while let e = entry {
                    if StoreLayout.u64(e.value, at: 4) <= last { held += 1 }
                    entry = try cursor.nextDuplicate()
                }
                if held != run.count {
                    note(
                        .streamIndex, run.firstSequence,
                        "the stream index holds \(held) entries for a stream's new versions where \(run.count) events were indexed"
                    )
                }
            }
        }
        try txn.withCursor(typeIndex) { cursor in
            for id in typeIDs.values {
                var held = 0
                var firstExtra: UInt64?
                var entry = try cursor.seek(key: StoreLayout.be(id), valueAtOrAfter: StoreLayout.sequenceKey(from + 1))
                while let e = entry {
                    let sequence = StoreLayout.u64(e.value)
                    if sequence <= last { held += 1 }
                    if sequence > watermark, sequence <= last { firstExtra = min(firstExtra ?? sequence, sequence) }
                    entry = try cursor.nextDuplicate()
                }
                let expected = typeCounts[id] ?? 0
                if held != expected {
                    note(
                        .typeIndex, firstExtra,
                        "the type index holds \(held) entries for new events of one type where \(expected) were indexed"
                    )
                }
            }
        }
    }
}
