import EventLog

/// Fast decoding of ``VisitCheckedOut`` (schema version 1).
///
/// Keys: `checkedOutAt`, `method` (a ``CheckMethod``), `staffId`, and the optional
/// `exceptionCode` (absent or `null` → `nil`).
extension VisitCheckedOut: FastDecodable {
    static func decodeFast(from reader: inout FlatJSONReader) throws(NotHandled) -> VisitCheckedOut {
        var checkedOutAt = FastField<Timestamp>()
        var exceptionCode = FastField<String?>()
        var method = FastField<CheckMethod>()
        var staffId = FastField<String>()
        while let key = try reader.nextKey() {
            switch key {
            case "checkedOutAt": try checkedOutAt.set(reader.timestamp())
            case "exceptionCode": try exceptionCode.set(reader.nullable { r throws(NotHandled) in try r.string() })
            case "method": try method.set(reader.value(CheckMethod.self))
            case "staffId": try staffId.set(reader.string())
            default: throw NotHandled()
            }
        }
        return try VisitCheckedOut(
            checkedOutAt: checkedOutAt.required(), staffId: staffId.required(), method: method.required(),
            exceptionCode: exceptionCode.or(nil))
    }
}

extension VisitCheckedOut: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("checkedOutAt")
        w.timestamp(checkedOutAt)
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
