import EventLog

/// Fast decoding of ``VisitCancelled`` (schema version 1).
///
/// Keys: `cancelledAt`, `cancelledBy` (a ``CancelledBy``), `reason` (a ``VisitCancellationReason``).
extension VisitCancelled: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> VisitCancelled {
        var cancelledAt = FastField<Timestamp>()
        var cancelledBy = FastField<CancelledBy>()
        var reason = FastField<VisitCancellationReason>()
        while let key = try reader.nextKey() {
            switch key {
            case "cancelledAt": try cancelledAt.set(reader.timestamp())
            case "cancelledBy": try cancelledBy.set(reader.value(CancelledBy.self))
            case "reason": try reason.set(reader.value(VisitCancellationReason.self))
            default: throw NotHandled()
            }
        }
        return try VisitCancelled(
            cancelledAt: cancelledAt.required(), cancelledBy: cancelledBy.required(), reason: reason.required())
    }
}

extension VisitCancelled: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("cancelledAt")
        w.timestamp(cancelledAt)
        w.key("cancelledBy")
        w.value(cancelledBy)
        w.key("reason")
        w.value(reason)
    }
}
