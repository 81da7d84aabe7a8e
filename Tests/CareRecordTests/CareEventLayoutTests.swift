import Testing

@testable import CareRecord

/// A rebuild copies a ``CareEvent`` several times per event: the large, rare payloads are boxed
/// (`indirect`), so a value is no larger than the largest payload held inline.
@Suite struct CareEventLayoutTests {
    @Test("a care event is no larger than a scheduled visit plus its case tag")
    func careEventStaysSmall() {
        let inline = MemoryLayout<VisitScheduled>.size
        #expect(MemoryLayout<CareEvent>.size <= inline + 8)
        // The boxed payloads would each make every event larger.
        for size in [
            MemoryLayout<RulesAdopted>.size, MemoryLayout<MedicationRecorded>.size, MemoryLayout<ServiceStarted>.size,
            MemoryLayout<ComplaintReceived>.size, MemoryLayout<NotificationSubmitted>.size,
        ] {
            #expect(size > inline)
        }
    }

    @Test("a boxed payload decodes, compares and re-encodes as before")
    func boxedPayloadsRoundTrip() throws {
        for sample in samples where [RulesAdopted.eventType, MedicationRecorded.eventType].contains(sample.event.type) {
            let bytes = CareEventCodec.encode(sample.event)
            let decoded = try CareEventCodec.decode(
                type: sample.event.type, schemaVersion: sample.event.schemaVersion, payload: bytes)
            #expect(decoded == sample.event)
            #expect(decoded.hashValue == sample.event.hashValue)
            #expect(CareEventCodec.encode(decoded) == bytes)
        }
    }
}
