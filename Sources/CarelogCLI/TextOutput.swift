/// Where a command writes text: standard output, standard error, or a buffer in tests.
///
/// Commands never print directly; they write through the ``CommandEnvironment`` so that
/// tests can capture the whole output of a command run in-process.
package protocol TextOutput: AnyObject, Sendable {
    /// Writes text as is (callers add the newlines).
    func write(_ text: String)
    /// Pushes any buffered text to its destination.
    func flush()
}

extension TextOutput {
    /// Writes one line (a newline is added).
    package func line(_ text: String = "") { write(text + "\n") }
}
