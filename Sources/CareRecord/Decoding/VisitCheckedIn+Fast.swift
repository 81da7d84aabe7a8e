import EventLog

/// Fast decoding of ``VisitCheckedIn`` (schema version 1).
///
/// Keys: `checkedInAt`, `method` (a ``CheckMethod``), `staffId`, and the optional
/// `exceptionCode` (absent or `null` → `nil`).
extension VisitCheckedIn: FastDecodable {
    static func decodeFast(from reader: inout FlatJSONReader) throws(NotHandled) -> VisitCheckedIn {
        var checkedInAt = FastField<Timestamp>()
        var exceptionCode = FastField<String?>()
        var method = FastField<CheckMethod>()
        var staffId = FastField<String>()
        while let key = try reader.nextKey() {
            switch key {
            case "checkedInAt": try checkedInAt.set(reader.timestamp())
            case "exceptionCode": try exceptionCode.set(reader.nullable { r throws(NotHandled) in try r.string() })
            case "method": try method.set(reader.value(CheckMethod.self))
            case "staffId": try staffId.set(reader.string())
            default: throw NotHandled()
            }
        }
        return try VisitCheckedIn(
            checkedInAt: checkedInAt.required(), staffId: staffId.required(), method: method.required(),
            exceptionCode: exceptionCode.or(nil))
    }
}

extension VisitCheckedIn: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("checkedInAt")
        w.timestamp(checkedInAt)
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
