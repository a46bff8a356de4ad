import Foundation

/// MXNet's NDArray list format: what `mx.nd.save` writes, and so the `.params` files of
/// Gluon's `export` (names prefixed `arg:` / `aux:`) and `save_parameters`.
///
/// Layout (little-endian): uint64 list magic 0x112, uint64 reserved, uint64 array count,
/// the arrays, uint64 name count (0 for a list, else the array count), and each name as
/// uint64 length + UTF-8 bytes. An array is uint32 magic (V2 0xF993FAC9; V3 0xF993FACA with
/// numpy shape semantics; V1 0xF993FAC8 and magic-less legacy arrays are also read),
/// int32 storage type (V2/V3 only; only dense, 0, is supported), the shape (int32 ndim +
/// int64 dims; legacy: uint32 ndim + uint32 dims), the context (int32 device type, int32
/// device id), an int32 mshadow type flag and the raw elements in row-major order.
public enum Params {
    /// Whether a saved parameter is a learned argument or an auxiliary state
    /// (BatchNorm's running statistics).
    public enum Kind: String, Sendable {
        case arg, aux
    }

    static let listMagic: UInt64 = 0x112
    static let v1Magic: UInt32 = 0xF993_FAC8
    static let v2Magic: UInt32 = 0xF993_FAC9
    static let v3Magic: UInt32 = 0xF993_FACA

    /// Decodes an NDArray list; `file` names it in error messages. Elements of every dtype
    /// are converted to Float. A list saved without names gets empty names.
    public static func read(_ bytes: [UInt8], file: String) throws -> [(name: String, tensor: Tensor)] {
        var reader = ByteReader(bytes, file: file)
        let magic = try reader.read(UInt64.self, for: "the list magic")
        guard magic == listMagic else {
            throw reader.error(
                "expected the NDArray list magic 0x112, found 0x\(String(magic, radix: 16)): not an MXNet .params file",
                at: 0)
        }
        _ = try reader.read(UInt64.self, for: "the reserved field")
        let countOffset = reader.offset
        let arrayCount = try reader.read(UInt64.self, for: "the array count")
        // The smallest array (a legacy one without dimensions) takes 4 bytes.
        guard arrayCount <= UInt64(reader.remaining / 4) else {
            throw reader.error("an array count of \(arrayCount) cannot fit in the \(reader.remaining) bytes left", at: countOffset)
        }
        var tensors: [Tensor] = []
        for index in 0..<Int(arrayCount) {
            tensors.append(try readArray(&reader, index: index))
        }
        let names = try readNames(&reader, arrayCount: tensors.count)
        try reader.expectEnd(after: "the names")
        return zip(names, tensors).map { (name: $0, tensor: $1) }
    }

    /// Reads a .params file.
    public static func read(contentsOf url: URL) throws -> [(name: String, tensor: Tensor)] {
        try read(readBytes(of: url), file: url.path)
    }

    /// The bytes of an NDArray list holding `arrays` as dense float32 CPU arrays, as
    /// `mx.nd.save` writes a dict (or a list, when every name is empty). Arrays use the V2
    /// magic, or V3 (numpy shape semantics) for the whole file when one of them is a scalar.
    public static func encode(_ arrays: [(name: String, tensor: Tensor)]) -> [UInt8] {
        let arrayMagic = arrays.contains { $0.tensor.shape.rank == 0 } ? v3Magic : v2Magic
        var out: [UInt8] = []
        out.appendLittleEndian(listMagic)
        out.appendLittleEndian(UInt64(0))
        out.appendLittleEndian(UInt64(arrays.count))
        for (_, tensor) in arrays {
            out.appendLittleEndian(arrayMagic)
            out.appendLittleEndian(Int32(0))
            out.appendLittleEndian(Int32(tensor.shape.rank))
            for dim in tensor.shape.dims { out.appendLittleEndian(Int64(dim)) }
            out.appendLittleEndian(Int32(1))
            out.appendLittleEndian(Int32(0))
            out.appendLittleEndian(Int32(0))
            for value in tensor.scalars { out.appendLittleEndian(value.bitPattern) }
        }
        let named = arrays.contains { !$0.name.isEmpty }
        out.appendLittleEndian(UInt64(named ? arrays.count : 0))
        if named {
            for (name, _) in arrays {
                out.appendLittleEndian(UInt64(name.utf8.count))
                out += name.utf8
            }
        }
        return out
    }

    /// Writes `arrays` as a .params file.
    public static func write(_ arrays: [(name: String, tensor: Tensor)], to url: URL) throws {
        try Data(encode(arrays)).write(to: url, options: .atomic)
    }

    /// Splits a saved name into its kind and the parameter name:
    /// `arg:dense0_weight` gives `(.arg, "dense0_weight")`; a name without a prefix gives `(nil, name)`.
    public static func splitPrefix(_ name: String) -> (kind: Kind?, name: String) {
        for kind in [Kind.arg, .aux] where name.hasPrefix(kind.rawValue + ":") {
            return (kind, String(name.dropFirst(kind.rawValue.count + 1)))
        }
        return (nil, name)
    }
}
