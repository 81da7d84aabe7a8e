import CareRecord
import Dispatch
import EventLog
import Foundation
import Synchronization

extension ProjectionRunner {
    /// One batch of borrowed events being decoded on other threads while the caller goes on
    /// reading and folding. The batch is cut into runs of ``runLength`` events that the decoding
    /// threads, and the caller before it folds the batch (``take(helping:)``), claim in order
    /// from one counter: whichever side is faster decodes more of it, and the caller never waits
    /// idle for a batch the other cores have only begun.
    package final class BorrowedDecodeJob: @unchecked Sendable {
        // @unchecked: `events` is not changed while decoders run and is taken only after they
        // have all finished (`group`); each slot of `slots` is written by the one thread that
        // claimed its run, and read by the caller only after the decoding threads have finished;
        // `failures` is behind its mutex.

        /// Events decoded by one claim: long enough that the counter is rarely touched, short
        /// enough that the two sides finish a batch close together.
        package static let runLength = 64

        private let group = DispatchGroup()
        private var events: [BorrowedEvent]
        private let slots: DecodedSlots
        private let reading: EventReading
        /// The start of the next run nobody has claimed.
        private let next = Atomic<Int>(0)
        /// The earliest failure each side met (it stops claiming there).
        private let failures = Mutex<[(index: Int, error: ProjectionError)]>([])
        /// The batch's length.
        package let count: Int

        /// The cores the decoding threads use: all but one, left to the reading and folding thread.
        static var workers: Int { max(1, min(8, ProcessInfo.processInfo.activeProcessorCount - 1)) }

        /// Where a read's batches are decoded: with one decoding thread, a serial queue, so a
        /// batch is started only once the one before is done (a second decoding thread beside the
        /// first and the caller would overcommit the cores); with more, the global queue.
        package static func queue() -> DispatchQueue {
            workers == 1
                ? DispatchQueue(label: "carelog.projections.decode", qos: .userInitiated)
                : DispatchQueue.global(qos: .userInitiated)
        }

        /// Starts decoding `batch` into `slots` (each nil, with room for the whole batch) on
        /// `queue` (from ``queue()``).
        package init(_ batch: [BorrowedEvent], slots: DecodedSlots, reading: EventReading, queue: DispatchQueue) {
            precondition(slots.capacity >= batch.count, "a decoding batch longer than its slots")
            events = batch
            self.slots = slots
            self.reading = reading
            count = batch.count
            for _ in 0..<Self.workers {
                group.enter()
                queue.async { [self] in
                    var types = TypeNames(reading: reading.payload)
                    decodeRuns(types: &types)
                    group.leave()
                }
            }
        }

        /// Claims runs of the batch and decodes them into their slots until none is left or one
        /// of its events cannot be decoded.
        private func decodeRuns(types: inout TypeNames) {
            let slots = slots.base
            let wholeEnvelope = reading.wholeEnvelope
            events.withUnsafeBufferPointer { batch in
                while true {
                    let start = next.wrappingAdd(Self.runLength, ordering: .relaxed).oldValue
                    guard start < batch.count else { return }
                    for index in start..<min(start + Self.runLength, batch.count) {
                        do throws(ProjectionError) {
                            slots[index] = try ProjectionRunner.decode(
                                batch[index], types: &types, wholeEnvelope: wholeEnvelope)
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
        package func take(helping types: inout TypeNames) throws(ProjectionError) -> DecodedSlots {
            decodeRuns(types: &types)
            group.wait()
            if let first = failures.withLock({ $0.min(by: { $0.index < $1.index }) }) { throw first.error }
            return slots
        }

        /// The batch's events, once the decoders are done: the job keeps no reference to them.
        package func takeEvents() -> [BorrowedEvent] {
            group.wait()
            let batch = events
            events = []
            return batch
        }
    }

    /// Room for one batch's decoded pairs, filled in place by several threads (each slot by one)
    /// and reused from batch to batch. Every slot is nil outside a batch's decoding and folding.
    package final class DecodedSlots: @unchecked Sendable {
        // @unchecked: the slots are written and read under the rules of ``BorrowedDecodeJob``.
        package let base: UnsafeMutablePointer<(CareEvent, RecordedEvent)?>
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
