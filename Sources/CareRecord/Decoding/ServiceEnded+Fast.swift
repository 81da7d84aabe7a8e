import CareCalendar

/// Fast decoding of ``ServiceEnded`` (schema version 1), read by every compliance rebuild.
///
/// Keys: `endedOn`, `reason` (a ``ServiceEndReason``).
extension ServiceEnded: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> ServiceEnded {
        var endedOn = FastField<CareDate>()
        var reason = FastField<ServiceEndReason>()
        while let key = try reader.nextKey() {
            switch key {
            case "endedOn": try endedOn.set(reader.date())
            case "reason": try reason.set(reader.value(ServiceEndReason.self))
            default: throw NotHandled()
            }
        }
        return try ServiceEnded(endedOn: endedOn.required(), reason: reason.required())
    }
}

extension ServiceEnded: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("endedOn")
        w.date(endedOn)
        w.key("reason")
        w.value(reason)
    }
}
