import CareCalendar

/// Fast decoding of ``SupervisionHeld`` (schema version 1), read by every compliance rebuild.
///
/// Keys: `heldOn`, `kind` (a ``SupervisionKind``), `supervisorId`.
extension SupervisionHeld: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> SupervisionHeld {
        var heldOn = FastField<CareDate>()
        var kind = FastField<SupervisionKind>()
        var supervisorId = FastField<String>()
        while let key = try reader.nextKey() {
            switch key {
            case "heldOn": try heldOn.set(reader.date())
            case "kind": try kind.set(reader.value(SupervisionKind.self))
            case "supervisorId": try supervisorId.set(reader.string())
            default: throw NotHandled()
            }
        }
        return try SupervisionHeld(
            heldOn: heldOn.required(), kind: kind.required(), supervisorId: supervisorId.required())
    }
}

extension SupervisionHeld: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("heldOn")
        w.date(heldOn)
        w.key("kind")
        w.value(kind)
        w.key("supervisorId")
        w.string(supervisorId)
    }
}
