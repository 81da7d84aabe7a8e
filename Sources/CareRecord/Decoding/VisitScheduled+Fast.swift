import EventLog

/// Fast decoding of ``VisitScheduled`` at schema version 2 (version 1 payloads are upcast
/// through `JSONDecoder`; see ``VisitScheduledV1``).
///
/// Keys: `carersNeeded`, `personId`, `plannedMinutes`, `plannedStart`, `timeCritical`, and the
/// optional `staffIds` and `tasks` (strings) and `team` (absent or `null` → `nil`).
extension VisitScheduled: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> VisitScheduled {
        var carersNeeded = FastField<Int>()
        var personId = FastField<String>()
        var plannedMinutes = FastField<Int>()
        var plannedStart = FastField<Timestamp>()
        var staffIds = FastField<[String]?>()
        var tasks = FastField<[String]?>()
        var team = FastField<String?>()
        var timeCritical = FastField<Bool>()
        while let key = try reader.nextKey() {
            switch key {
            case "carersNeeded": try carersNeeded.set(reader.int())
            case "personId": try personId.set(reader.string())
            case "plannedMinutes": try plannedMinutes.set(reader.int())
            case "plannedStart": try plannedStart.set(reader.timestamp())
            case "staffIds": try staffIds.set(reader.nullable { r throws(NotHandled) in try r.stringArray() })
            case "tasks": try tasks.set(reader.nullable { r throws(NotHandled) in try r.stringArray() })
            case "team": try team.set(reader.nullable { r throws(NotHandled) in try r.string() })
            case "timeCritical": try timeCritical.set(reader.bool())
            default: throw NotHandled()
            }
        }
        return try VisitScheduled(
            personId: personId.required(), plannedStart: plannedStart.required(),
            plannedMinutes: plannedMinutes.required(), carersNeeded: carersNeeded.required(),
            timeCritical: timeCritical.required(), team: team.or(nil), tasks: tasks.or(nil),
            staffIds: staffIds.or(nil))
    }
}

extension VisitScheduled: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("carersNeeded")
        w.int(carersNeeded)
        w.key("personId")
        w.string(personId)
        w.key("plannedMinutes")
        w.int(plannedMinutes)
        w.key("plannedStart")
        w.timestamp(plannedStart)
        if let staffIds {
            w.key("staffIds")
            w.stringArray(staffIds)
        }
        if let tasks {
            w.key("tasks")
            w.stringArray(tasks)
        }
        if let team {
            w.key("team")
            w.string(team)
        }
        w.key("timeCritical")
        w.bool(timeCritical)
    }
}
