import CareRecord

/// Care staff in post at the period end with one required course current.
public struct TrainingCourseCompliance: Hashable, Sendable, Codable {
    /// The course.
    public var course: TrainingCourse
    /// Staff with the course current ÷ care staff in post.
    public var current: ComplianceRatio

    /// Creates a figure.
    public init(course: TrainingCourse, current: ComplianceRatio) {
        self.course = course
        self.current = current
    }
}
