import EventLog

/// Fast decoding of ``VisitMissed`` (schema version 1).
///
/// Keys: `detectedAt`, `personInformed`, `reason` (a ``MissedVisitReason``).
extension VisitMissed: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> VisitMissed {
        var detectedAt = FastField<Timestamp>()
        var personInformed = FastField<Bool>()
        var reason = FastField<MissedVisitReason>()
        while let key = try reader.nextKey() {
            switch key {
            case "detectedAt": try detectedAt.set(reader.timestamp())
            case "personInformed": try personInformed.set(reader.bool())
            case "reason": try reason.set(reader.value(MissedVisitReason.self))
            default: throw NotHandled()
            }
        }
        return try VisitMissed(
            detectedAt: detectedAt.required(), reason: reason.required(), personInformed: personInformed.required())
    }
}

extension VisitMissed: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("detectedAt")
        w.timestamp(detectedAt)
        w.key("personInformed")
        w.bool(personInformed)
        w.key("reason")
        w.value(reason)
    }
}
