import CareRecord
import Dispatch
import EventLog
import Foundation

extension ProjectionRunner {
    /// Replays the log up to `knownAt`: every event decoded to a care event, handed to `body` in
    /// log order with its envelope (from borrowed bytes when the store lends them; the replay
    /// benchmark).
    package static func replay(
        knownAt: KnownAt, in store: any EventStore, _ body: (CareEvent, RecordedEvent) -> Void
    ) throws(ProjectionError) {
        try visit(EventSelection().known(at: knownAt), in: store, body)
    }

    /// ``visit(_:in:_:)`` over a store that lends its stored bytes (``BorrowedEventReading``):
    /// this thread walks the log and collects each event's place in the store's pages, the
    /// other cores decode the payload straight from those bytes (no copy of the stored event, no
    /// payload array) and build the envelope the fold is handed, and this thread folds in log
    /// order. Every batch is decoded and folded before the read transaction closes.
    ///
    /// Before folding a batch, this thread decodes whatever part of it the other cores have not
    /// started (``BorrowedDecodeJob``): decoding costs more than reading and folding, so it no
    /// longer waits for the other cores while they finish the batch, and the work of a batch is
    /// shared between the two sides whatever their speeds.
    ///
    /// A short read (fewer than ``inlineDecodeLimit`` events in all, such as the access
    /// register's catch-up before a request's decision) is decoded and folded on this thread:
    /// handing a few events to another thread and waiting for it costs more than decoding them.
    static func visitBorrowed(
        _ selection: EventSelection, in store: any BorrowedEventReading, reading: EventReading,
        _ body: (CareEvent, RecordedEvent) -> Void
    ) throws(ProjectionError) {
        try visitBorrowed(
            BorrowedRead(store: store, selection: selection), reading: reading, decoder: EnvelopeDecoder.self
        ) { pair in
            body(pair.0, pair.1)
        }
    }

    /// ``visitBorrowed(_:in:reading:_:)`` with each event collected by `source` and made into
    /// what `Decoder` makes of it (``BorrowedDecoder``), handed to `body` in log order.
    static func visitBorrowed<Source: BorrowedSource, Decoder: BorrowedDecoder>(
        _ source: Source, reading: EventReading, decoder _: Decoder.Type, _ body: (Decoder.Decoded) -> Void
    ) throws(ProjectionError) where Source.Input == Decoder.Input {
        // Grown as events come (a short read never holds a whole batch's room).
        var pending: [Decoder.Input] = []
        var inFlight: BorrowedDecodeJob<Decoder>?
        // The buffers of a batch already folded, handed to the next: a new batch in fresh
        // memory each time cost the reading thread page faults and cold cache lines on every
        // event it collected, and the decoding thread the same on every slot it filled.
        var spareEvents: [Decoder.Input] = []
        var spareSlots: DecodedSlots<Decoder.Decoded>?
        // This thread's decoder (its type names), kept across batches, for the parts of batches
        // it decodes.
        var decoder = Decoder(reading: reading)
        let queue = decodeQueue()
        func advance() throws(ProjectionError) {
            let previous = inFlight
            if pending.isEmpty {
                inFlight = nil
            } else {
                let slots = spareSlots ?? DecodedSlots<Decoder.Decoded>(capacity: max(decodeBatchSize, pending.count))
                spareSlots = nil
                inFlight = BorrowedDecodeJob(pending, slots: slots, reading: reading, queue: queue)
                // The job now holds the only reference to its events; collect the next batch in
                // the buffer of the one before.
                pending = spareEvents
                spareEvents = []
                pending.removeAll(keepingCapacity: true)
                pending.reserveCapacity(decodeBatchSize)
            }
            if let previous {
                // Each pair moved out of its slot (`take()` leaves nil), not copied: a copy cost
                // a reference count per string and array of the event and its envelope, here,
                // and another to release the batch.
                let slots = try previous.take(helping: &decoder)
                let decoded = slots.base
                for index in 0..<previous.count {
                    if let entry = decoded[index].take() { body(entry) }
                }
                if slots.capacity >= decodeBatchSize { spareSlots = slots }
                spareEvents = previous.takeEvents()
            }
        }
        /// Runs `step`, and on failure waits for the batch in flight: its threads read bytes the
        /// transaction owns, which must stay open until they are done.
        func guarded(_ step: () throws(ProjectionError) -> Void) throws(ProjectionError) {
            do {
                try step()
            } catch {
                inFlight?.waitForDecoders()
                inFlight = nil
                throw error
            }
        }
        do {
            try source.read(
                { event in
                    pending.append(event)
                    if pending.count == decodeBatchSize { try guarded(advance) }
                },
                end: { completed in
                    guard completed else {
                        // The read failed: let the batch in flight finish with the bytes it reads.
                        inFlight?.waitForDecoders()
                        inFlight = nil
                        return
                    }
                    if inFlight == nil, pending.count < inlineDecodeLimit {
                        // Every event decoded before any is folded: the first failure is the earliest.
                        var entries: [Decoder.Decoded] = []
                        entries.reserveCapacity(pending.count)
                        for borrowed in pending { entries.append(try decoder.decode(borrowed)) }
                        pending.removeAll()
                        for entry in entries { body(entry) }
                        return
                    }
                    try guarded(advance)
                    try guarded(advance)
                })
        } catch let error as ProjectionError {
            throw error
        } catch let error as EventStoreError {
            throw .store(error)
        } catch {
            throw .store(.storage(detail: String(describing: error)))
        }
    }

    /// Decodes each borrowed event's payload in place and builds the envelope a fold is handed:
    /// every field of the stored event except the payload bytes, which the fold has decoded as
    /// its `CareEvent` (the envelope's `payload` is empty), leaving out what `reading` does not
    /// name. Every slot is filled unless this throws the failure of the earliest event in the
    /// batch that could not be read.
    static func decodeBorrowed(_ batch: [BorrowedEvent], workers maximum: Int, reading: EventReading = .everything)
        throws(ProjectionError) -> [(CareEvent, RecordedEvent)?]
    {
        var decoded: [(CareEvent, RecordedEvent)?] = []
        try decodeBorrowed(batch, workers: maximum, reading: reading, into: &decoded)
        return decoded
    }

    /// ``decodeBorrowed(_:workers:reading:)`` into `decoded`, whose slots are reused when it
    /// has one per event of the batch (a folded batch's: every slot is assigned, so nothing
    /// left in one survives a decode that succeeds), and replaced otherwise. A batch shorter than
    /// ``inlineDecodeLimit`` is decoded on this thread, without a dispatch.
    static func decodeBorrowed(
        _ batch: [BorrowedEvent], workers maximum: Int, reading: EventReading,
        into decoded: inout [(CareEvent, RecordedEvent)?]
    ) throws(ProjectionError) {
        let workers = batch.count < inlineDecodeLimit ? 1 : max(1, min(maximum, 8))
        if workers == 1 {
            // On this thread: the first failure is the earliest.
            var types = TypeNames(reading: reading.payload)
            decoded.removeAll(keepingCapacity: true)
            decoded.reserveCapacity(batch.count)
            for borrowed in batch {
                decoded.append(try decode(borrowed, types: &types, wholeEnvelope: reading.wholeEnvelope))
            }
            return
        }
        if decoded.count != batch.count {
            decoded = [(CareEvent, RecordedEvent)?](repeating: nil, count: batch.count)
        }
        // Each worker's first failure (it stops there), by batch index.
        var failures = [(index: Int, error: ProjectionError)?](repeating: nil, count: workers)
        decoded.withUnsafeMutableBufferPointer { decodedBuffer in
            failures.withUnsafeMutableBufferPointer { failureBuffer in
                nonisolated(unsafe) let slots = decodedBuffer
                nonisolated(unsafe) let failed = failureBuffer
                SideWork.perform(iterations: workers) { worker in
                    var types = TypeNames(reading: reading.payload)
                    var index = worker
                    while index < batch.count {
                        // Straight into the slot: no `Result` around the pair, which copied it twice.
                        do throws(ProjectionError) {
                            slots[index] = try decode(batch[index], types: &types, wholeEnvelope: reading.wholeEnvelope)
                        } catch {
                            failed[worker] = (index, error)
                            return
                        }
                        index += workers
                    }
                }
            }
        }
        if let first = failures.compactMap({ $0 }).min(by: { $0.index < $1.index }) { throw first.error }
    }

    /// One borrowed event decoded: the care event from the payload in place (its text under keys
    /// the reading leaves out unread), and its envelope (only the position, stream, type and
    /// instants unless `wholeEnvelope`).
    static func decode(_ borrowed: BorrowedEvent, types: inout TypeNames, wholeEnvelope: Bool = true)
        throws(ProjectionError) -> (CareEvent, RecordedEvent)
    {
        let known: TypeNames.Known
        let recorded: RecordedEvent
        do {
            known = try types.name(borrowed.type)
            recorded =
                try wholeEnvelope
                ? borrowed.envelope(type: known.name, payload: []) : borrowed.positionEnvelope(type: known.name)
        } catch {
            throw .store(.corrupted(detail: "event \(borrowed.sequence) cannot be decoded (\(error))"))
        }
        do {
            let event = try CareEventCodec.decode(
                known.resolved, type: known.name, schemaVersion: borrowed.schemaVersion, payloadBytes: borrowed.payload,
                keeping: known.kept)
            return (event, recorded)
        } catch {
            throw .undecodable(sequence: borrowed.sequence, type: known.name, reason: String(describing: error))
        }
    }

    /// A read of a store for ``visitBorrowed(_:reading:decoder:_:)``: its events visited in log
    /// order, then `end`, as ``BorrowedEventReading/readBorrowed(_:_:end:)`` calls them.
    package protocol BorrowedSource {
        /// What is collected of each event.
        associatedtype Input
        /// Reads the events.
        func read(_ visit: (Input) throws -> Void, end: (_ completed: Bool) throws -> Void) throws
    }

    /// A selection read as borrowed events.
    struct BorrowedRead: BorrowedSource {
        let store: any BorrowedEventReading
        let selection: EventSelection

        func read(_ visit: (BorrowedEvent) throws -> Void, end: (_ completed: Bool) throws -> Void) throws {
            try store.readBorrowed(selection, visit, end: end)
        }
    }

    /// A selection read as stored bytes, read into events by the decoding threads.
    /// With `unfiltered`, the store may also hand on events of other types
    /// (``StoredEventReading/readStoredUnfiltered(_:_:end:)``), which the decoder must skip.
    struct StoredRead: BorrowedSource {
        let store: any StoredEventReading
        let selection: EventSelection
        var unfiltered = false

        func read(_ visit: (StoredEvent) throws -> Void, end: (_ completed: Bool) throws -> Void) throws {
            func visitStored(_ sequence: UInt64, _ bytes: UnsafeRawBufferPointer) throws {
                try visit(StoredEvent(sequence: sequence, bytes: bytes))
            }
            if unfiltered {
                try store.readStoredUnfiltered(selection, visitStored, end: end)
            } else {
                try store.readStored(selection, visitStored, end: end)
            }
        }
    }

    /// The decoder of a read handing folds a care event and its envelope per event
    /// (``decode(_:types:wholeEnvelope:)``).
    package struct EnvelopeDecoder: BorrowedDecoder {
        package typealias Input = BorrowedEvent
        /// The type names this decoder has met.
        package var types: TypeNames
        private let wholeEnvelope: Bool

        package init(reading: EventReading) {
            types = TypeNames(reading: reading.payload)
            wholeEnvelope = reading.wholeEnvelope
        }

        package mutating func decode(_ borrowed: BorrowedEvent) throws(ProjectionError) -> (CareEvent, RecordedEvent) {
            try ProjectionRunner.decode(borrowed, types: &types, wholeEnvelope: wholeEnvelope)
        }
    }

    /// The event type strings one decoding thread has met, so each stored type's bytes become a
    /// `String` once per batch instead of once per event (a log has a few dozen types), each with
    /// the payload keys the reading keeps for it and its decoders resolved in the catalogue.
    /// A type's bytes are found by a fingerprint (length and first and last eight bytes) and
    /// confirmed by one comparison.
    package struct TypeNames {
        /// One type name met, with what decoding its events needs. (A class: handing it on costs
        /// one reference count, where the name, keys and decoders each cost one.)
        package final class Known: Sendable {
            let fingerprint: UInt64
            let bytes: [UInt8]
            package let name: String
            package let kept: [[UInt8]]?
            package let resolved: CareEventCodec.ResolvedType?

            init(
                fingerprint: UInt64, bytes: [UInt8], name: String, kept: [[UInt8]]?,
                resolved: CareEventCodec.ResolvedType?
            ) {
                self.fingerprint = fingerprint
                self.bytes = bytes
                self.name = name
                self.kept = kept
                self.resolved = resolved
            }
        }
        private let reading: PayloadReading
        private var known: [Known] = []
        private var last = 0

        package init(reading: PayloadReading = .everything) { self.reading = reading }

        package mutating func name(_ bytes: UnsafeRawBufferPointer) throws(EventRecordCodec.DecodingFailure) -> Known {
            known[try index(bytes)]
        }

        /// The index of the type name `bytes` spell among those met (``known(at:)``), counting
        /// from 0 in the order first met: a reader that keeps something per type in an array of
        /// its own finds it without handing the entry on (no reference count).
        package mutating func index(_ bytes: UnsafeRawBufferPointer) throws(EventRecordCodec.DecodingFailure) -> Int {
            let fingerprint = Self.fingerprint(bytes)
            if last < known.count, known[last].fingerprint == fingerprint, bytes.sameBytes(as: known[last].bytes) {
                return last
            }
            for index in known.indices
            where known[index].fingerprint == fingerprint && bytes.sameBytes(as: known[index].bytes) {
                last = index
                return index
            }
            let name = try BorrowedEvent.string(bytes) ?? ""
            let entry = Known(
                fingerprint: fingerprint, bytes: Array(bytes), name: name, kept: reading.keptKeys(of: name),
                resolved: CareEventCodec.resolve(name))
            known.append(entry)
            last = known.count - 1
            return last
        }

        /// The type name at `index` (from ``index(_:)``).
        package func known(at index: Int) -> Known { known[index] }

        /// The length and the first and last (up to) eight bytes, folded into one word: two
        /// different names rarely share it, and when they do the byte comparison tells them apart.
        package static func fingerprint(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
            let count = bytes.count
            var head: UInt64 = 0
            var tail: UInt64 = 0
            if count >= 8 {
                head = bytes.loadUnaligned(as: UInt64.self)
                tail = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            } else {
                for (offset, byte) in bytes.enumerated() { head |= UInt64(byte) << (8 * UInt64(offset)) }
            }
            return head ^ (tail &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(truncatingIfNeeded: count) &<< 56)
        }
    }
}
