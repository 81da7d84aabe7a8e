import CareCalendar

/// Fast decoding of ``ReviewHeld`` (schema version 1), read by every compliance rebuild.
///
/// Keys: `heldOn`, `outcome` (a ``ReviewOutcome``), `participants` (a list of
/// ``ReviewParticipant``), `reviewedBy`, `trigger` (an optional ``ReviewTrigger``).
extension ReviewHeld: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> ReviewHeld {
        var heldOn = FastField<CareDate>()
        var outcome = FastField<ReviewOutcome>()
        var participants = FastField<[ReviewParticipant]>()
        var reviewedBy = FastField<String>()
        var trigger = FastField<ReviewTrigger?>()
        while let key = try reader.nextKey() {
            switch key {
            case "heldOn": try heldOn.set(reader.date())
            case "outcome": try outcome.set(reader.value(ReviewOutcome.self))
            case "participants": try participants.set(reader.values(ReviewParticipant.self))
            case "reviewedBy": try reviewedBy.set(reader.string())
            case "trigger":
                try trigger.set(reader.nullable { reader throws(NotHandled) in try reader.value(ReviewTrigger.self) })
            default: throw NotHandled()
            }
        }
        return try ReviewHeld(
            heldOn: heldOn.required(), participants: participants.required(), outcome: outcome.required(),
            trigger: trigger.or(nil), reviewedBy: reviewedBy.required())
    }
}

extension ReviewHeld: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("heldOn")
        w.date(heldOn)
        w.key("outcome")
        w.value(outcome)
        w.key("participants")
        w.values(participants)
        w.key("reviewedBy")
        w.string(reviewedBy)
        if let trigger {
            w.key("trigger")
            w.value(trigger)
        }
    }
}
