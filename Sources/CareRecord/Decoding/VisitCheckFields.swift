import EventLog

/// The fields a ``VisitCheckedIn`` and a ``VisitCheckedOut`` share, read and written fast: the
/// instant under the event's own key (`checkedInAt` or `checkedOutAt`), `method` (a
/// ``CheckMethod``), `staffId`, and the optional `exceptionCode` (absent or `null` → `nil`).
struct VisitCheckFields {
    var at: Timestamp
    var staffId: String
    var method: CheckMethod
    var exceptionCode: String?

    /// Reads the fields, with the instant under `instantKey`; any other key is not handled.
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R, instantKey: StaticString) throws(FlatJSONReader
        .NotHandled) -> Self
    {
        var at = FastField<Timestamp>()
        var exceptionCode = FastField<String?>()
        var method = FastField<CheckMethod>()
        var staffId = FastField<String>()
        while let key = try reader.nextKey() {
            switch key {
            case instantKey: try at.set(reader.timestamp())
            case "exceptionCode":
                try exceptionCode.set(reader.nullable { r throws(FlatJSONReader.NotHandled) in try r.string() })
            case "method": try method.set(reader.value(among: CheckMethod.spellings))
            case "staffId": try staffId.set(reader.string())
            default: throw FlatJSONReader.NotHandled()
            }
        }
        return try VisitCheckFields(
            at: at.required(), staffId: staffId.required(), method: method.required(),
            exceptionCode: exceptionCode.or(nil))
    }

    /// Writes the fields in canonical key order, the instant under `instantKey` (both instant
    /// keys sort before `exceptionCode`).
    func writeCanonical(to w: inout CanonicalJSONWriter, instantKey: StaticString) {
        w.key(instantKey)
        w.timestamp(at)
        if let exceptionCode {
            w.key("exceptionCode")
            w.string(exceptionCode)
        }
        w.key("method")
        w.value(method)
        w.key("staffId")
        w.string(staffId)
    }
}

extension VisitCheckedIn: FastDecodable, CanonicalJSONWritable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(FlatJSONReader.NotHandled)
        -> VisitCheckedIn
    {
        let f = try VisitCheckFields.decodeFast(from: &reader, instantKey: "checkedInAt")
        return VisitCheckedIn(checkedInAt: f.at, staffId: f.staffId, method: f.method, exceptionCode: f.exceptionCode)
    }

    func writeCanonical(to w: inout CanonicalJSONWriter) {
        VisitCheckFields(at: checkedInAt, staffId: staffId, method: method, exceptionCode: exceptionCode)
            .writeCanonical(to: &w, instantKey: "checkedInAt")
    }
}

extension VisitCheckedOut: FastDecodable, CanonicalJSONWritable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(FlatJSONReader.NotHandled)
        -> VisitCheckedOut
    {
        let f = try VisitCheckFields.decodeFast(from: &reader, instantKey: "checkedOutAt")
        return VisitCheckedOut(checkedOutAt: f.at, staffId: f.staffId, method: f.method, exceptionCode: f.exceptionCode)
    }

    func writeCanonical(to w: inout CanonicalJSONWriter) {
        VisitCheckFields(at: checkedOutAt, staffId: staffId, method: method, exceptionCode: exceptionCode)
            .writeCanonical(to: &w, instantKey: "checkedOutAt")
    }
}
