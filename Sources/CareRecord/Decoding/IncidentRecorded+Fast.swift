import EventLog

/// Fast decoding of ``IncidentRecorded`` (schema version 1): read on an import's parsing thread.
///
/// Keys: `agenciesInformed` (an optional list of ``Agency``), `becameAwareAt`, `harm` (an optional
/// ``HarmLevel``), `kind` (an ``IncidentKind``), `notifiable` (optional), `occurredAt`, `personId`
/// (optional), `staffIds` (optional), `summary` (optional).
extension IncidentRecorded: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> IncidentRecorded {
        var agenciesInformed = FastField<[Agency]?>()
        var becameAwareAt = FastField<Timestamp>()
        var harm = FastField<HarmLevel?>()
        var kind = FastField<IncidentKind>()
        var notifiable = FastField<Bool?>()
        var occurredAt = FastField<Timestamp>()
        var personId = FastField<String?>()
        var staffIds = FastField<[String]?>()
        var summary = FastField<String?>()
        while let key = try reader.nextKey() {
            switch key {
            case "agenciesInformed":
                try agenciesInformed.set(
                    reader.nullable { reader throws(NotHandled) in try reader.values(Agency.self) })
            case "becameAwareAt": try becameAwareAt.set(reader.timestamp())
            case "harm": try harm.set(reader.nullable { reader throws(NotHandled) in try reader.value(HarmLevel.self) })
            case "kind": try kind.set(reader.value(IncidentKind.self))
            case "notifiable": try notifiable.set(reader.nullable { reader throws(NotHandled) in try reader.bool() })
            case "occurredAt": try occurredAt.set(reader.timestamp())
            case "personId": try personId.set(reader.nullable { reader throws(NotHandled) in try reader.string() })
            case "staffIds": try staffIds.set(reader.nullable { reader throws(NotHandled) in try reader.stringArray() })
            case "summary": try summary.set(reader.nullable { reader throws(NotHandled) in try reader.string() })
            default: throw NotHandled()
            }
        }
        return try IncidentRecorded(
            kind: kind.required(), occurredAt: occurredAt.required(), becameAwareAt: becameAwareAt.required(),
            personId: personId.or(nil), staffIds: staffIds.or(nil), harm: harm.or(nil),
            agenciesInformed: agenciesInformed.or(nil), notifiable: notifiable.or(nil), summary: summary.or(nil))
    }
}

extension IncidentRecorded: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        if let agenciesInformed {
            w.key("agenciesInformed")
            w.values(agenciesInformed)
        }
        w.key("becameAwareAt")
        w.timestamp(becameAwareAt)
        if let harm {
            w.key("harm")
            w.value(harm)
        }
        w.key("kind")
        w.value(kind)
        if let notifiable {
            w.key("notifiable")
            w.bool(notifiable)
        }
        w.key("occurredAt")
        w.timestamp(occurredAt)
        if let personId {
            w.key("personId")
            w.string(personId)
        }
        if let staffIds {
            w.key("staffIds")
            w.stringArray(staffIds)
        }
        if let summary {
            w.key("summary")
            w.string(summary)
        }
    }
}
