import CareCalendar

/// Fast decoding of ``TrainingCompleted`` (schema version 1): a staff member's training records,
/// read by every compliance rebuild.
///
/// Keys: `completedOn`, `course` (a ``TrainingCourse``), `expiresOn` (optional).
extension TrainingCompleted: FastDecodable {
    @_specialize(where R == FlatJSONReader)
    static func decodeFast<R: FastPayloadReader>(from reader: inout R) throws(NotHandled) -> TrainingCompleted {
        var completedOn = FastField<CareDate>()
        var course = FastField<TrainingCourse>()
        var expiresOn = FastField<CareDate?>()
        while let key = try reader.nextKey() {
            switch key {
            case "completedOn": try completedOn.set(reader.date())
            case "course": try course.set(reader.value(TrainingCourse.self))
            case "expiresOn": try expiresOn.set(reader.nullable { reader throws(NotHandled) in try reader.date() })
            default: throw NotHandled()
            }
        }
        return try TrainingCompleted(
            course: course.required(), completedOn: completedOn.required(), expiresOn: expiresOn.or(nil))
    }
}

extension TrainingCompleted: CanonicalJSONWritable {
    func writeCanonical(to w: inout CanonicalJSONWriter) {
        w.key("completedOn")
        w.date(completedOn)
        w.key("course")
        w.value(course)
        if let expiresOn {
            w.key("expiresOn")
            w.date(expiresOn)
        }
    }
}
