import CareRecord
import Dispatch
import EventLog
import Foundation
import Synchronization

/// What a decoding thread makes of each borrowed event (``ProjectionRunner/BorrowedDecodeJob``):
/// one decoder per thread, kept across batches (it may remember the type names it has met).
package protocol BorrowedDecoder: SendableMetatype {
    /// What the thread walking the log collects of each event (a ``BorrowedEvent``, or
    /// ``StoredEvent`` bytes not yet read into one).
    associatedtype Input
    /// What one event becomes.
    associatedtype Decoded
    /// A decoder of what `reading` names.
    init(reading: EventReading)
    /// One event decoded, or the failure that stops the read.
    mutating func decode(_ input: Input) throws(ProjectionError) -> Decoded
}

/// A stored event's bytes as a store lends them (``StoredEventReading``), read into a
/// ``BorrowedEvent`` by whichever thread decodes it.
package struct StoredEvent: @unchecked Sendable {
    // @unchecked: the bytes are a read transaction's, unchanged until every reader is done.

    /// The event's log position.
    package let sequence: UInt64
    /// Its canonical bytes and hash.
    package let bytes: UnsafeRawBufferPointer

    package init(sequence: UInt64, bytes: UnsafeRawBufferPointer) {
        self.sequence = sequence
        self.bytes = bytes
    }

    /// The event read in place, failing as a store's borrowed read fails on the same bytes.
    package func borrowed() throws(ProjectionError) -> BorrowedEvent {
        do {
            return try BorrowedEvent(stored: bytes)
        } catch {
            throw .store(.corrupted(detail: "event \(sequence) cannot be decoded (\(error))"))
        }
    }
}

extension ProjectionRunner {
    /// Events decoded by one claim of a ``BorrowedDecodeJob``: long enough that the counter is
    /// rarely touched, short enough that the two sides finish a batch close together.
    package static let decodeRunLength = 64

    /// The cores the decoding threads use: all but one, left to the reading and folding thread.
    static var decodeWorkers: Int { max(1, min(8, ProcessInfo.processInfo.activeProcessorCount - 1)) }

    /// Where a read's batches are decoded: with one decoding thread, a serial queue, so a
    /// batch is started only once the one before is done (a second decoding thread beside the
    /// first and the caller would overcommit the cores); with more, the global queue. A
    /// low-priority caller (a service's background warming) decodes on threads of its own at its
    /// priority instead (``EventLog/SideWork``), one per batch, so the queue is not used.
    package static func decodeQueue() -> DispatchQueue {
        decodeWorkers == 1
            ? DispatchQueue(label: "carelog.projections.decode", qos: .userInitiated)
            : DispatchQueue.global(qos: .userInitiated)
    }

    /// The job of a read handing folds a care event and its envelope per event.
    package typealias EnvelopeDecodeJob = BorrowedDecodeJob<EnvelopeDecoder>
    /// The slots of an ``EnvelopeDecodeJob``.
    package typealias EnvelopeSlots = DecodedSlots<(CareEvent, RecordedEvent)>

    /// One batch of borrowed events being decoded on other threads while the caller goes on
    /// reading and folding. The batch is cut into runs of ``decodeRunLength`` events that the
    /// decoding threads, and the caller before it folds the batch (``take(helping:)``), claim in
    /// order from one counter: whichever side is faster decodes more of it, and the caller never
    /// waits idle for a batch the other cores have only begun.
    package final class BorrowedDecodeJob<Decoder: BorrowedDecoder>: @unchecked Sendable {
        // @unchecked: `events` is not changed while decoders run and is taken only after they
        // have all finished (`group`); each slot of `slots` is written by the one thread that
        // claimed its run, and read by the caller only after the decoding threads have finished;
        // `failures` is behind its mutex.

        private let group = DispatchGroup()
        private var events: [Decoder.Input]
        private let slots: DecodedSlots<Decoder.Decoded>
        /// The start of the next run nobody has claimed.
        private let next = Atomic<Int>(0)
        /// The earliest failure each side met (it stops claiming there).
        private let failures = Mutex<[(index: Int, error: ProjectionError)]>([])
        /// The batch's length.
        package let count: Int

        /// Starts decoding `batch` into `slots` (each nil, with room for the whole batch) on
        /// `queue` (from ``ProjectionRunner/decodeQueue()``).
        package init(
            _ batch: [Decoder.Input], slots: DecodedSlots<Decoder.Decoded>, reading: EventReading, queue: DispatchQueue
        ) {
            precondition(slots.capacity >= batch.count, "a decoding batch longer than its slots")
            events = batch
            self.slots = slots
            count = batch.count
            for _ in 0..<ProjectionRunner.decodeWorkers {
                group.enter()
                SideWork.start(on: queue) { [self] in
                    var decoder = Decoder(reading: reading)
                    decodeRuns(decoder: &decoder)
                    group.leave()
                }
            }
        }

        /// Claims runs of the batch and decodes them into their slots until none is left or one
        /// of its events cannot be decoded.
        private func decodeRuns(decoder: inout Decoder) {
            let slots = slots.base
            let runLength = ProjectionRunner.decodeRunLength
            events.withUnsafeBufferPointer { batch in
                while true {
                    let start = next.wrappingAdd(runLength, ordering: .relaxed).oldValue
                    guard start < batch.count else { return }
                    for index in start..<min(start + runLength, batch.count) {
                        do throws(ProjectionError) {
                            slots[index] = try decoder.decode(batch[index])
                        } catch {
                            failures.withLock { $0.append((index, error)) }
                            return
                        }
                    }
                }
            }
        }

        /// Waits until no decoding thread reads the batch (after a failure elsewhere: the bytes
        /// it reads must outlive it).
        package func waitForDecoders() { group.wait() }

        /// Decodes on this thread whatever runs of the batch are not yet claimed, waits for the
        /// decoding threads, and hands over the slots, every one of them filled (the caller moves
        /// the pairs out, leaving each nil), or throws the failure of the earliest event of the
        /// batch that could not be decoded.
        package func take(helping decoder: inout Decoder) throws(ProjectionError) -> DecodedSlots<Decoder.Decoded> {
            decodeRuns(decoder: &decoder)
            group.wait()
            if let first = failures.withLock({ $0.min(by: { $0.index < $1.index }) }) { throw first.error }
            return slots
        }

        /// The batch's events, once the decoders are done: the job keeps no reference to them.
        package func takeEvents() -> [Decoder.Input] {
            group.wait()
            let batch = events
            events = []
            return batch
        }
    }

    /// Room for one batch's decoded pairs, filled in place by several threads (each slot by one)
    /// and reused from batch to batch. Every slot is nil outside a batch's decoding and folding.
    package final class DecodedSlots<Decoded>: @unchecked Sendable {
        // @unchecked: the slots are written and read under the rules of ``BorrowedDecodeJob``.
        package let base: UnsafeMutablePointer<Decoded?>
        package let capacity: Int

        package init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
            base.initialize(repeating: nil, count: capacity)
        }

        deinit {
            base.deinitialize(count: capacity)
            base.deallocate()
        }
    }
}
