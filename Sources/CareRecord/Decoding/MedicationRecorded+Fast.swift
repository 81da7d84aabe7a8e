import EventLog

/// Fast decoding of ``MedicationRecorded`` (schema version 1), one MAR entry.
///
/// Required keys: `controlledDrug`, `dose`, `medicine`, `outcome` (a ``MedicationOutcome``),
/// `recordedBy`, `route` (a ``MedicationRoute``), `scheduledFor`, `supportLevel` (a
/// ``MedicationSupportLevel``). Optional (absent or `null` → `nil`): `actualAt`, `asRequired`,
/// `note`, `reasonCode`, `visitId`, `witnessedBy`.
extension MedicationRecorded: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> MedicationRecorded {
        var actualAt = FastField<Timestamp?>()
        var asRequired = FastField<Bool?>()
        var controlledDrug = FastField<Bool>()
        var dose = FastField<String>()
        var medicine = FastField<String>()
        var note = FastField<String?>()
        var outcome = FastField<MedicationOutcome>()
        var reasonCode = FastField<String?>()
        var recordedBy = FastField<String>()
        var route = FastField<MedicationRoute>()
        var scheduledFor = FastField<Timestamp>()
        var supportLevel = FastField<MedicationSupportLevel>()
        var visitId = FastField<String?>()
        var witnessedBy = FastField<String?>()
        while let key = try reader.nextKey() {
            switch key {
            case "actualAt": try actualAt.set(reader.nullable { r throws(NotHandled) in try r.timestamp() })
            case "asRequired": try asRequired.set(reader.nullable { r throws(NotHandled) in try r.bool() })
            case "controlledDrug": try controlledDrug.set(reader.bool())
            case "dose": try dose.set(reader.string())
            case "medicine": try medicine.set(reader.string())
            case "note": try note.set(reader.nullable { r throws(NotHandled) in try r.string() })
            case "outcome": try outcome.set(reader.value(among: MedicationOutcome.spellings))
            case "reasonCode": try reasonCode.set(reader.nullable { r throws(NotHandled) in try r.string() })
            case "recordedBy": try recordedBy.set(reader.string())
            case "route": try route.set(reader.value(among: MedicationRoute.spellings))
            case "scheduledFor": try scheduledFor.set(reader.timestamp())
            case "supportLevel": try supportLevel.set(reader.value(among: MedicationSupportLevel.spellings))
            case "visitId": try visitId.set(reader.nullable { r throws(NotHandled) in try r.string() })
            case "witnessedBy": try witnessedBy.set(reader.nullable { r throws(NotHandled) in try r.string() })
            default: throw NotHandled()
            }
        }
        return try MedicationRecorded(
            medicine: medicine.required(), dose: dose.required(), route: route.required(),
            scheduledFor: scheduledFor.required(), actualAt: actualAt.or(nil), supportLevel: supportLevel.required(),
            outcome: outcome.required(), reasonCode: reasonCode.or(nil), controlledDrug: controlledDrug.required(),
            asRequired: asRequired.or(nil), recordedBy: recordedBy.required(), witnessedBy: witnessedBy.or(nil),
            visitId: visitId.or(nil), note: note.or(nil))
    }
}

extension MedicationRecorded: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        if let actualAt {
            w.key("actualAt")
            w.timestamp(actualAt)
        }
        if let asRequired {
            w.key("asRequired")
            w.bool(asRequired)
        }
        w.key("controlledDrug")
        w.bool(controlledDrug)
        w.key("dose")
        w.string(dose)
        w.key("medicine")
        w.string(medicine)
        if let note {
            w.key("note")
            w.string(note)
        }
        w.key("outcome")
        w.value(outcome)
        if let reasonCode {
            w.key("reasonCode")
            w.string(reasonCode)
        }
        w.key("recordedBy")
        w.string(recordedBy)
        w.key("route")
        w.value(route)
        w.key("scheduledFor")
        w.timestamp(scheduledFor)
        w.key("supportLevel")
        w.value(supportLevel)
        if let visitId {
            w.key("visitId")
            w.string(visitId)
        }
        if let witnessedBy {
            w.key("witnessedBy")
            w.string(witnessedBy)
        }
    }
}
