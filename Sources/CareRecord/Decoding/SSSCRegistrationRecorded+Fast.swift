import CareCalendar

/// Fast decoding of ``SSSCRegistrationRecorded`` (schema version 1), read by every compliance
/// rebuild.
///
/// Keys: `expiresOn`, `registerPart` (optional), `registeredOn`, `registrationNumber` (optional).
extension SSSCRegistrationRecorded: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled)
        -> SSSCRegistrationRecorded
    {
        var expiresOn = FastField<CareDate>()
        var registerPart = FastField<String?>()
        var registeredOn = FastField<CareDate>()
        var registrationNumber = FastField<String?>()
        while let key = try reader.nextKey() {
            switch key {
            case "expiresOn": try expiresOn.set(reader.date())
            case "registerPart": try registerPart.set(reader.nullable { r throws(NotHandled) in try r.string() })
            case "registeredOn": try registeredOn.set(reader.date())
            case "registrationNumber":
                try registrationNumber.set(reader.nullable { r throws(NotHandled) in try r.string() })
            default: throw NotHandled()
            }
        }
        return try SSSCRegistrationRecorded(
            registeredOn: registeredOn.required(), expiresOn: expiresOn.required(),
            registrationNumber: registrationNumber.or(nil), registerPart: registerPart.or(nil))
    }
}

extension SSSCRegistrationRecorded: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("expiresOn")
        w.date(expiresOn)
        if let registerPart {
            w.key("registerPart")
            w.string(registerPart)
        }
        w.key("registeredOn")
        w.date(registeredOn)
        if let registrationNumber {
            w.key("registrationNumber")
            w.string(registrationNumber)
        }
    }
}
