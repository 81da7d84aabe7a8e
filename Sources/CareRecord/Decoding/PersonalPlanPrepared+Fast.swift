import CareCalendar

/// Fast decoding of ``PersonalPlanPrepared`` (schema version 1), read by every compliance rebuild.
///
/// Keys: `consulted` (a list of ``ConsultedParty``), `medicationSupport` (a
/// ``MedicationSupportLevel``), `outcomes`, `preparedBy`, `preparedOn`, `riskAssessmentCompleted`,
/// `tasks`.
extension PersonalPlanPrepared: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> PersonalPlanPrepared {
        var consulted = FastField<[ConsultedParty]>()
        var medicationSupport = FastField<MedicationSupportLevel>()
        var outcomes = FastField<[String]>()
        var preparedBy = FastField<String>()
        var preparedOn = FastField<CareDate>()
        var riskAssessmentCompleted = FastField<Bool>()
        var tasks = FastField<[String]>()
        while let key = try reader.nextKey() {
            switch key {
            case "consulted": try consulted.set(reader.values(ConsultedParty.self))
            case "medicationSupport": try medicationSupport.set(reader.value(MedicationSupportLevel.self))
            case "outcomes": try outcomes.set(reader.stringArray())
            case "preparedBy": try preparedBy.set(reader.string())
            case "preparedOn": try preparedOn.set(reader.date())
            case "riskAssessmentCompleted": try riskAssessmentCompleted.set(reader.bool())
            case "tasks": try tasks.set(reader.stringArray())
            default: throw NotHandled()
            }
        }
        return try PersonalPlanPrepared(
            preparedOn: preparedOn.required(), outcomes: outcomes.required(), tasks: tasks.required(),
            medicationSupport: medicationSupport.required(),
            riskAssessmentCompleted: riskAssessmentCompleted.required(),
            consulted: consulted.required(), preparedBy: preparedBy.required())
    }
}

extension PersonalPlanPrepared: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("consulted")
        w.values(consulted)
        w.key("medicationSupport")
        w.value(medicationSupport)
        w.key("outcomes")
        w.stringArray(outcomes)
        w.key("preparedBy")
        w.string(preparedBy)
        w.key("preparedOn")
        w.date(preparedOn)
        w.key("riskAssessmentCompleted")
        w.bool(riskAssessmentCompleted)
        w.key("tasks")
        w.stringArray(tasks)
    }
}
