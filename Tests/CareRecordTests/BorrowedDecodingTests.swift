import CareRecord
import EventLog
import Foundation
import Testing

@Suite("Borrowed decoding: an event read in place from its stored bytes is the envelope decoder's")
struct BorrowedDecodingTests {
    /// The stored value of `sample` (canonical bytes and a hash), as the LMDB store keeps it.
    private func stored(
        _ sample: Sample, correlationID: String?, idempotencyKey: String?
    ) -> [UInt8] {
        let proposed = sample.event.proposed(
            stream: sample.streamName, occurredAt: instant("2024-03-31T01:30:00.123Z"), actor: "staff/S4",
            correlationID: correlationID, causationID: correlationID.map { $0 + "-cause" })
        let hash = (0..<32).map { UInt8($0 * 7 % 256) }
        return EventRecordCodec.canonicalBytes(
            of: proposed, sequence: 4_000_000_123, streamVersion: 70_001,
            recordedAt: instant("2024-10-27T01:59:59.999Z"), idempotencyKey: idempotencyKey) + hash
    }

    @Test(
        "every event type: the borrowed envelope and payload decode to what the envelope decoder gives",
        arguments: samples)
    func everyTypeMatchesTheEnvelopeDecoder(_ sample: Sample) throws {
        for (correlation, key) in [(nil, nil), ("corr-1", "batch-9")] as [(String?, String?)] {
            let value = stored(sample, correlationID: correlation, idempotencyKey: key)
            let canonical = Array(value.dropLast(32))
            let envelope = try canonical.withUnsafeBytes {
                try EventRecordCodec.decode($0, hash: EventHash(unchecked: Array(value.suffix(32))))
            }
            let fromEnvelope = try CareEventCodec.decode(envelope)
            try value.withUnsafeBytes { bytes in
                let borrowed = try BorrowedEvent(stored: bytes)
                #expect(try borrowed.recorded() == envelope)
                let decoded = try CareEventCodec.decode(
                    type: envelope.type, schemaVersion: borrowed.schemaVersion, payloadBytes: borrowed.payload)
                #expect(decoded == fromEnvelope)
                #expect(decoded == sample.event)
                // The fold's envelope: the same fields, without the payload bytes.
                var withoutPayload = envelope
                withoutPayload.payload = []
                #expect(try borrowed.envelope(type: envelope.type, payload: []) == withoutPayload)
            }
        }
    }

    @Test(
        "a borrowed payload in another accepted JSON layout, or a broken one, gives the same event or error as a copied one"
    )
    func fallbackMatches() throws {
        let event = try #require(samples.first { $0.event.type == "VisitScheduled" }).event
        // Spaces around the commas: not the canonical bytes the store writes.
        var text = String(decoding: CareEventCodec.encode(event), as: UTF8.self)
        text = text.replacingOccurrences(of: ",", with: " , ")
        let relaxed = Array(text.utf8)
        let viaCopy = try CareEventCodec.decode(type: event.type, schemaVersion: event.schemaVersion, payload: relaxed)
        let borrowed = try relaxed.withUnsafeBytes {
            try CareEventCodec.decode(type: event.type, schemaVersion: event.schemaVersion, payloadBytes: $0)
        }
        #expect(borrowed == viaCopy)
        let broken = Array(#"{"personId": 3}"#.utf8)
        let copyError = #expect(throws: CatalogueError.self) {
            try CareEventCodec.decode(type: event.type, schemaVersion: event.schemaVersion, payload: broken)
        }
        let borrowedError = #expect(throws: CatalogueError.self) {
            try broken.withUnsafeBytes {
                try CareEventCodec.decode(type: event.type, schemaVersion: event.schemaVersion, payloadBytes: $0)
            }
        }
        #expect(copyError == borrowedError)
    }

    @Test("damaged stored bytes are refused by the borrowed reader as by the envelope decoder")
    func damagedBytesRefused() throws {
        let sample = try #require(samples.first)
        let value = stored(sample, correlationID: nil, idempotencyKey: nil)
        for cut in [0, 20, 40, value.count - 33, value.count - 1] {
            let short = Array(value.prefix(cut)) + value.suffix(32)
            #expect(throws: EventRecordCodec.DecodingFailure.self) {
                try short.withUnsafeBytes { _ = try BorrowedEvent(stored: $0) }
            }
        }
        var wrongVersion = value
        wrongVersion[0] = 9
        #expect(throws: EventRecordCodec.DecodingFailure.unknownEncodingVersion(9)) {
            try wrongVersion.withUnsafeBytes { _ = try BorrowedEvent(stored: $0) }
        }
    }
}
