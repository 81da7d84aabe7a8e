import CareCalendar

/// The Care Inspectorate inspected the service and awarded grades.
///
/// Stream: `inspection/<id>`. Read by: audit timeline, board reports.
/// Rule: Grades 1–6 per key question (rules.md §6, §11.24); annual inspection (§1.4, §11.11).
public struct InspectionGraded: CareEventPayload {
    /// `InspectionGraded`.
    public static let eventType = "InspectionGraded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `inspection/<id>`.
    public static let streamKind: StreamKind? = .inspection
    /// May be the first event of its stream.
    public static let startsStream = true

    /// First day of the inspection.
    public var inspectedFrom: CareDate
    /// Last day of the inspection; not before the first.
    public var inspectedTo: CareDate
    /// The day the report was published.
    public var publishedOn: CareDate?
    /// The kind of inspection.
    public var kind: InspectionKind
    /// Grades per key question inspected (1–6).
    public var grades: [KeyQuestionGrade]
    /// How many requirements were made.
    public var requirements: Int?
    /// How many areas for improvement were given.
    public var areasForImprovement: Int?

    /// Creates the value; optional fields default to absent.
    public init(
        inspectedFrom: CareDate, inspectedTo: CareDate, publishedOn: CareDate? = nil, kind: InspectionKind,
        grades: [KeyQuestionGrade], requirements: Int? = nil, areasForImprovement: Int? = nil
    ) {
        self.inspectedFrom = inspectedFrom
        self.inspectedTo = inspectedTo
        self.publishedOn = publishedOn
        self.kind = kind
        self.grades = grades
        self.requirements = requirements
        self.areasForImprovement = areasForImprovement
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .inspectionGraded(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.require(inspectedTo >= inspectedFrom, "inspectedTo", "must not be before inspectedFrom")
        if let publishedOn {
            c.require(publishedOn >= inspectedFrom, "publishedOn", "must not be before inspectedFrom")
        }
        c.nonEmpty(grades, "grades")
        for (i, grade) in grades.enumerated() {
            c.require(
                (1...6).contains(grade.grade), "grades[\(i)].grade", "must be 1 (unsatisfactory) to 6 (excellent)")
        }
        if let requirements { c.nonNegative(requirements, "requirements") }
        if let areasForImprovement { c.nonNegative(areasForImprovement, "areasForImprovement") }
    }
}

/// The grade awarded for one key question.
public struct KeyQuestionGrade: Codable, Hashable, Sendable {
    /// The key question.
    public var keyQuestion: KeyQuestion
    /// 1 unsatisfactory, 2 weak, 3 adequate, 4 good, 5 very good, 6 excellent.
    public var grade: Int

    /// Creates the value; optional fields default to absent.
    public init(keyQuestion: KeyQuestion, grade: Int) {
        self.keyQuestion = keyQuestion
        self.grade = grade
    }
}
