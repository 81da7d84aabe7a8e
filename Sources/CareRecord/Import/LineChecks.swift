import EventLog

/// What ``EventValidator``'s checks that need nothing but the line found: its problems (stream
/// kind, instants, values), or, when it has none, the streams it refers to, which must exist.
///
/// Made where the line is parsed (``EventLine/prepare(checkingWith:)``, on the parsing thread of
/// an import), so the thread that checks lines against the log only looks those streams up. It
/// holds for the validator's `now` and allowed skew it was made with, and for the line as it was
/// then: changing the line's stream, event or instants drops it.
struct LineChecks: Sendable {
    /// The validator's time of recording when the checks were made.
    var now: Timestamp
    /// The validator's allowed clock skew when the checks were made.
    var allowedClockSkewMilliseconds: Int64
    /// The problems found, in order; when there are any, the line is refused with them.
    var problems: [CatalogueError]
    /// The streams the payload names that must exist (empty when there are problems).
    var references: [PayloadChecks.StreamReference]

    /// Whether these checks were made by a validator like `validator` (same `now` and skew).
    func hold(for validator: EventValidator) -> Bool {
        now == validator.now && allowedClockSkewMilliseconds == validator.allowedClockSkewMilliseconds
    }
}
