import CareRecord
import EventLog
import Projections
import Testing

/// A batch of borrowed events decoded by the decoding threads and the caller together, each
/// claiming runs of the batch from one counter (`ProjectionRunner.BorrowedDecodeJob`).
@Suite("Projection runner: a decoding batch shared with the caller")
struct BorrowedDecodeJobTests {
    /// Stored records (canonical bytes and a 32-byte hash, as a store keeps them) of `count`
    /// check-ins to `visit/V<i>`, one a minute; those at `bad` carry a payload that cannot be
    /// decoded. The records lie in one buffer that the caller frees.
    private func storedCheckIns(_ count: Int, bad: Set<Int> = []) -> (UnsafeMutableRawBufferPointer, [BorrowedEvent]) {
        let base = t("2020-02-03T09:00:00Z")
        var proposed: [ProposedEvent] = []
        for index in 0..<count {
            let at = base.adding(milliseconds: Int64(index) * 60_000)
            guard let stream = StreamName("visit/V\(index)") else {
                Issue.record("bad stream name")
                continue
            }
            var event = VisitCheckedIn(
                checkedInAt: at, staffId: "S\(index % 9)", method: .electronic, exceptionCode: nil
            )
            .careEvent.proposed(stream: stream, occurredAt: at, actor: "test")
            if bad.contains(index) { event.payload = Array(#"{"checkedInAt":7}"#.utf8) }
            proposed.append(event)
        }
        let sizes = proposed.map { EventRecordCodec.encodedSize(of: $0, idempotencyKey: nil) + 32 }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: sizes.reduce(0, +), alignment: 8)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        var events: [BorrowedEvent] = []
        var offset = 0
        for (index, event) in proposed.enumerated() {
            let record = UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + sizes[index])])
            EventRecordCodec.encode(
                event, sequence: UInt64(index + 1), streamVersion: 0, recordedAt: event.occurredAt,
                idempotencyKey: nil, into: UnsafeMutableRawBufferPointer(rebasing: record[..<(record.count - 32)]))
            do {
                events.append(try BorrowedEvent(stored: UnsafeRawBufferPointer(record)))
            } catch {
                Issue.record("record \(index) cannot be read back: \(error)")
            }
            offset += sizes[index]
        }
        return (buffer, events)
    }

    @Test("a batch decoded by the decoding threads and the caller fills every slot with its own event, in order")
    func everySlotHoldsItsEvent() throws {
        // Not a multiple of the run length: the last run is short.
        let count = 10 * ProjectionRunner.decodeRunLength + 17
        let (buffer, events) = storedCheckIns(count)
        defer { buffer.deallocate() }
        let slots = ProjectionRunner.EnvelopeSlots(capacity: count)
        let job = ProjectionRunner.EnvelopeDecodeJob(
            events, slots: slots, reading: Compliance.reads, queue: ProjectionRunner.decodeQueue())
        var decoder = ProjectionRunner.EnvelopeDecoder(reading: Compliance.reads)
        let filled = try job.take(helping: &decoder)
        #expect(filled === slots)
        #expect(job.count == count)
        let base = t("2020-02-03T09:00:00Z")
        for index in 0..<count {
            guard let (event, recorded) = filled.base[index].take() else {
                Issue.record("slot \(index) is empty")
                continue
            }
            #expect(recorded.sequence == UInt64(index + 1))
            #expect(recorded.stream.rawValue == "visit/V\(index)")
            guard case .visitCheckedIn(let checkIn) = event else {
                Issue.record("slot \(index) holds \(event.type)")
                continue
            }
            #expect(checkIn.checkedInAt == base.adding(milliseconds: Int64(index) * 60_000))
        }
        #expect(job.takeEvents().count == count)
    }

    @Test("slots emptied after a batch serve the next batch")
    func slotsServeTheNextBatch() throws {
        let (buffer, events) = storedCheckIns(300)
        defer { buffer.deallocate() }
        let slots = ProjectionRunner.EnvelopeSlots(capacity: 300)
        let queue = ProjectionRunner.decodeQueue()
        var decoder = ProjectionRunner.EnvelopeDecoder(reading: Compliance.reads)
        for round in 0..<3 {
            let batch = Array(events[(round * 25)..<(round * 25 + 250)])
            let job = ProjectionRunner.EnvelopeDecodeJob(batch, slots: slots, reading: Compliance.reads, queue: queue)
            let filled = try job.take(helping: &decoder)
            for index in 0..<batch.count {
                #expect(filled.base[index].take()?.1.sequence == UInt64(round * 25 + index + 1))
            }
            for index in batch.count..<slots.capacity { #expect(filled.base[index] == nil) }
        }
    }

    @Test("undecodable events in several runs: the earliest of the batch is the one named")
    func earliestFailureIsNamed() throws {
        let run = ProjectionRunner.decodeRunLength
        let bad = [3 * run + 5, 7 * run + 1, 9 * run]
        let (buffer, events) = storedCheckIns(12 * run, bad: Set(bad))
        defer { buffer.deallocate() }
        let job = ProjectionRunner.EnvelopeDecodeJob(
            events, slots: ProjectionRunner.EnvelopeSlots(capacity: events.count), reading: Compliance.reads,
            queue: ProjectionRunner.decodeQueue())
        var decoder = ProjectionRunner.EnvelopeDecoder(reading: Compliance.reads)
        expectUndecodable(sequence: UInt64(bad[0] + 1), type: "VisitCheckedIn") { () throws(ProjectionError) in
            _ = try job.take(helping: &decoder)
        }
        job.waitForDecoders()
    }
}
