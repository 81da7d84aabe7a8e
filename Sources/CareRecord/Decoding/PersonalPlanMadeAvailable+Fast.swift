import CareCalendar

/// Fast decoding of ``PersonalPlanMadeAvailable`` (schema version 1): read on an import's parsing
/// thread and again when the planner reads a person's stream back.
///
/// Keys: `madeAvailableOn`, `recipients` (a list of ``PlanRecipient``).
extension PersonalPlanMadeAvailable: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled)
        -> PersonalPlanMadeAvailable
    {
        var madeAvailableOn = FastField<CareDate>()
        var recipients = FastField<[PlanRecipient]>()
        while let key = try reader.nextKey() {
            switch key {
            case "madeAvailableOn": try madeAvailableOn.set(reader.date())
            case "recipients": try recipients.set(reader.values(PlanRecipient.self))
            default: throw NotHandled()
            }
        }
        return try PersonalPlanMadeAvailable(
            madeAvailableOn: madeAvailableOn.required(), recipients: recipients.required())
    }
}

extension PersonalPlanMadeAvailable: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("madeAvailableOn")
        w.date(madeAvailableOn)
        w.key("recipients")
        w.values(recipients)
    }
}
