/// A value saved in a projection checkpoint in the compact binary form of ``FoldStateWriter``
/// (a fold state and the parts it holds).
public protocol FoldStateCodable {
    /// Writes the value's fields in a fixed order.
    func write(to writer: inout FoldStateWriter)
    /// Reads the fields back in the order ``write(to:)`` wrote them.
    init(from reader: inout FoldStateReader) throws(FoldStateDecodingError)
}
