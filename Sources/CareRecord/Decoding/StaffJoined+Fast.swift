import CareCalendar

/// Fast decoding of ``StaffJoined`` (schema version 1): read on an import's parsing thread and
/// again when the planner reads a staff stream back.
///
/// Keys: `contractedHoursPerWeek` (an optional number), `joinedOn`, `role` (a ``StaffRole``), `team`.
extension StaffJoined: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> StaffJoined {
        var contractedHoursPerWeek = FastField<Double?>()
        var joinedOn = FastField<CareDate>()
        var role = FastField<StaffRole>()
        var team = FastField<String>()
        while let key = try reader.nextKey() {
            switch key {
            case "contractedHoursPerWeek":
                try contractedHoursPerWeek.set(reader.nullable { reader throws(NotHandled) in try reader.double() })
            case "joinedOn": try joinedOn.set(reader.date())
            case "role": try role.set(reader.value(StaffRole.self))
            case "team": try team.set(reader.string())
            default: throw NotHandled()
            }
        }
        return try StaffJoined(
            joinedOn: joinedOn.required(), role: role.required(), team: team.required(),
            contractedHoursPerWeek: contractedHoursPerWeek.or(nil))
    }
}

extension StaffJoined: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        if let contractedHoursPerWeek {
            w.key("contractedHoursPerWeek")
            w.double(contractedHoursPerWeek)
        }
        w.key("joinedOn")
        w.date(joinedOn)
        w.key("role")
        w.value(role)
        w.key("team")
        w.string(team)
    }
}
