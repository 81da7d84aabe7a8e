import CareCalendar

/// Fast decoding of ``ServiceStarted`` (schema version 1): read on an import's parsing thread and
/// again when the planner reads a person's stream back.
///
/// Keys: `careCoordinatorId` (optional), `firstServiceOn`, `locality` (optional), `model` (a
/// ``ServiceModel``), `plannedHoursPerWeek` (a number), `team`.
extension ServiceStarted: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> ServiceStarted {
        var careCoordinatorId = FastField<String?>()
        var firstServiceOn = FastField<CareDate>()
        var locality = FastField<String?>()
        var model = FastField<ServiceModel>()
        var plannedHoursPerWeek = FastField<Double>()
        var team = FastField<String>()
        while let key = try reader.nextKey() {
            switch key {
            case "careCoordinatorId":
                try careCoordinatorId.set(reader.nullable { reader throws(NotHandled) in try reader.string() })
            case "firstServiceOn": try firstServiceOn.set(reader.date())
            case "locality": try locality.set(reader.nullable { reader throws(NotHandled) in try reader.string() })
            case "model": try model.set(reader.value(ServiceModel.self))
            case "plannedHoursPerWeek": try plannedHoursPerWeek.set(reader.double())
            case "team": try team.set(reader.string())
            default: throw NotHandled()
            }
        }
        return try ServiceStarted(
            firstServiceOn: firstServiceOn.required(), model: model.required(),
            plannedHoursPerWeek: plannedHoursPerWeek.required(), team: team.required(), locality: locality.or(nil),
            careCoordinatorId: careCoordinatorId.or(nil))
    }
}

extension ServiceStarted: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        if let careCoordinatorId {
            w.key("careCoordinatorId")
            w.string(careCoordinatorId)
        }
        w.key("firstServiceOn")
        w.date(firstServiceOn)
        if let locality {
            w.key("locality")
            w.string(locality)
        }
        w.key("model")
        w.value(model)
        w.key("plannedHoursPerWeek")
        w.double(plannedHoursPerWeek)
        w.key("team")
        w.string(team)
    }
}
