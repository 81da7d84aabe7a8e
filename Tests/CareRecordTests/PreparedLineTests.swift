import CareRecord
import EventLog
import Testing

/// What an import's parsing thread works out per line before the planner sees it
/// (``EventLine/prepare()``), and the payload type read without boxing the payload
/// (``CareEvent/payloadType``): the same answers as the plain computations, never a stale one.
@Suite("Prepared lines: the payload type, canonical data and fact key are those of the event")
struct PreparedLineTests {
    @Test("every event's payload type, type name, schema version and stream kind are its payload's")
    func payloadTypeIsThePayloadsType() {
        for sample in samples {
            let event = sample.event
            let boxed = type(of: event.payload)
            #expect(ObjectIdentifier(event.payloadType) == ObjectIdentifier(boxed), "\(event.type)")
            #expect(event.type == boxed.eventType)
            #expect(event.schemaVersion == boxed.schemaVersion)
            #expect(event.streamKind == boxed.streamKind)
        }
    }

    @Test("the once-only slot is given exactly for the once-per-stream types, per carer for a check-in or out")
    func onceSlotsFollowTheOnceTypes() throws {
        for sample in samples {
            let slot = FactIdentity.onceSlot(of: sample.event)
            #expect((slot != nil) == FactIdentity.onceTypes.contains(sample.event.type), "\(sample.event.type)")
        }
        guard case .visitCheckedIn(var checkIn) = sample("VisitCheckedIn").event,
            case .visitCheckedOut(let checkOut) = sample("VisitCheckedOut").event
        else {
            Issue.record("the samples hold a check-in and a check-out")
            return
        }
        let first = FactIdentity.onceSlot(of: .visitCheckedIn(checkIn))
        checkIn.staffId = checkIn.staffId + "9"
        #expect(FactIdentity.onceSlot(of: .visitCheckedIn(checkIn)) != first)
        checkIn.staffId = checkOut.staffId
        #expect(
            FactIdentity.onceSlot(of: .visitCheckedIn(checkIn)) != FactIdentity.onceSlot(of: .visitCheckedOut(checkOut))
        )
    }

    @Test("a prepared line proposes the same event and fact key as one computed on demand")
    func preparedLineIsTheSame() throws {
        for sample in samples {
            let line = EventLine(
                stream: sample.streamName, event: sample.event, occurredAt: instant("2020-02-03T08:00:00Z"),
                actor: "staff/S2")
            var prepared = line
            prepared.prepare()
            #expect(prepared.proposedEvent == line.proposedEvent, "\(sample.event.type)")
            #expect(prepared.canonicalData == CareEventCodec.encode(sample.event))
            #expect(
                prepared.factKey
                    == FactIdentity.key(
                        type: sample.event.type, occurredAt: line.occurredAt,
                        canonicalPayload: CareEventCodec.encode(sample.event)))
            #expect(prepared == line)
        }
    }

    @Test("moving a line's event out proposes the same event as copying it, ids and migration time included")
    func movedProposedEventIsTheCopiedOne() throws {
        let recordedAt = instant("2020-02-03T08:05:00Z")
        for sample in samples {
            for prepare in [false, true] {
                var line = EventLine(
                    line: 7, stream: sample.streamName, event: sample.event,
                    occurredAt: instant("2020-02-03T08:00:00Z"),
                    actor: "staff/S2", expectedVersion: .exactly(3), idempotencyKey: "key-1",
                    correlationID: "import-9", causationID: "cause-4", recordedAt: recordedAt)
                if prepare { line.prepare() }
                var expected = line.proposedEvent
                expected.recordedAt = recordedAt
                var events: [ProposedEvent] = [line.proposedEvent]
                line.moveProposedEvent(recordedAt: recordedAt, into: &events)
                #expect(events.count == 2)
                #expect(events.last == expected, "\(sample.event.type)")
                // What the planner still reads after the move is left as it was.
                #expect(line.line == 7)
                #expect(line.event == sample.event)
                #expect(line.expectedVersion == .exactly(3))
                #expect(line.idempotencyKey == "key-1")
                #expect(line.recordedAt == recordedAt)
                #expect(
                    line.factKey
                        == FactIdentity.key(
                            type: sample.event.type, occurredAt: line.occurredAt,
                            canonicalPayload: CareEventCodec.encode(sample.event)))
            }
        }
    }

    @Test("changing a prepared line's event or occurredAt gives the new fact's key, not the kept one")
    func changedLineIsNotStale() throws {
        let checkIn = sample("VisitCheckedIn")
        let checkOut = sample("VisitCheckedOut")
        var line = EventLine(
            stream: checkIn.streamName, event: checkIn.event, occurredAt: instant("2020-02-03T08:00:00Z"),
            actor: "staff/S2")
        line.prepare()
        let first = line.factKey

        line.occurredAt = instant("2020-02-03T09:00:00Z")
        let moved = FactIdentity.key(
            type: checkIn.event.type, occurredAt: line.occurredAt,
            canonicalPayload: CareEventCodec.encode(checkIn.event))
        #expect(line.factKey == moved)
        #expect(line.factKey != first)

        line.prepare()
        line.event = checkOut.event
        #expect(line.canonicalData == CareEventCodec.encode(checkOut.event))
        #expect(line.proposedEvent.payload == CareEventCodec.encode(checkOut.event))
        #expect(line.proposedEvent.type == checkOut.event.type)
        #expect(
            line.factKey
                == FactIdentity.key(
                    type: checkOut.event.type, occurredAt: line.occurredAt,
                    canonicalPayload: CareEventCodec.encode(checkOut.event)))
    }
}
