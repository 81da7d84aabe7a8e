import CareCalendar
import CareRecord

// The compact binary form of compliance's output (``FoldStateWriter``), saved beside the fold's
// state so that a report whose period no later event reaches reads the figures instead of the
// state (``ResumableProjection/savedOutputBytes(_:)``). Part of version 2 of the fold
// (`Compliance.foldVersion`): raise it when a field is added, removed or reordered.
// `FoldStateCodingTests` checks that an output read back equals the one written.

extension ComplianceOutput: FoldStateCodable {
    public func write(to writer: inout FoldStateWriter) {
        writer.day(period.lowerBound)
        writer.day(period.upperBound)
        writer.array(teams) { $0.value($1) }
        writer.value(service)
        writer.array(complaintDeadlines) { $1.write(to: &$0) }
    }

    public init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        let start = try reader.day()
        let end = try reader.day()
        guard start <= end else { throw FoldStateDecodingError(offset: 0, expected: "a period") }
        self.init(
            period: start...end,
            teams: try reader.array { reader throws(FoldStateDecodingError) in
                try reader.value(ComplianceMeasures.self)
            },
            service: try reader.value(ComplianceMeasures.self),
            complaintDeadlines: try reader.array { reader throws(FoldStateDecodingError) in
                try ComplaintDeadline(from: &reader)
            })
    }
}

extension ComplaintDeadline {
    fileprivate func write(to writer: inout FoldStateWriter) {
        writer.string(complaintId)
        writer.string(team)
        writer.string(step.rawValue)
        writer.day(startedOn)
        writer.day(dueOn)
        writer.optional(extendedDueOn) { $0.day($1) }
        writer.optional(answeredOn) { $0.day($1) }
        writer.string(outcome.rawValue)
    }

    fileprivate init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        let complaintId = try reader.string()
        let team = try reader.string()
        guard let step = Step(rawValue: try reader.string()) else {
            throw FoldStateDecodingError(offset: 0, expected: "a complaint time limit")
        }
        let startedOn = try reader.day()
        let dueOn = try reader.day()
        let extendedDueOn = try reader.optional { reader throws(FoldStateDecodingError) in try reader.day() }
        let answeredOn = try reader.optional { reader throws(FoldStateDecodingError) in try reader.day() }
        guard let outcome = Outcome(rawValue: try reader.string()) else {
            throw FoldStateDecodingError(offset: 0, expected: "a complaint outcome")
        }
        self.init(
            complaintId: complaintId, team: team, step: step, startedOn: startedOn, dueOn: dueOn,
            extendedDueOn: extendedDueOn, answeredOn: answeredOn, outcome: outcome)
    }
}
