extension Compliance {
    /// The figures depend only on the fold's state, the window and the rules, so the runner saves
    /// them beside the state: a report whose window no event after the saved position reaches
    /// (a past quarter behind the RAG table, a past month of the trend) reads them back instead
    /// of the state (`Docs/projections.md`, "Saved outputs").
    public static func savedOutputBytes(_ output: ComplianceOutput) -> [UInt8]? {
        var writer = FoldStateWriter(capacity: 1024)
        writer.value(output)
        return writer.bytes
    }

    /// Figures read back from ``savedOutputBytes(_:)``.
    public static func savedOutput(from reader: inout FoldStateReader) throws(FoldStateDecodingError)
        -> ComplianceOutput?
    {
        try reader.value(ComplianceOutput.self)
    }
}
