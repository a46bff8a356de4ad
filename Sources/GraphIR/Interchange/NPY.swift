import Foundation

/// NumPy's .npy format: one array per file.
///
/// Reads format versions 1.0, 2.0 and 3.0 with dtypes float16/32/64, int8/32/64, uint8 and bool
/// in either byte order, converting elements to Float; Fortran-order arrays are reordered
/// to row-major. Writes version 1.0, little-endian float32, in C order, byte for byte as
/// `numpy.save` does.
public enum NPY {
    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Decodes the bytes of a .npy file; `file` names it in error messages.
    public static func read(_ bytes: [UInt8], file: String) throws -> Tensor {
        var reader = ByteReader(bytes, file: file)
        let magicBytes = try reader.take(magic.count, for: "the magic string \\x93NUMPY")
        guard magicBytes.elementsEqual(magic) else {
            throw reader.error("expected the magic string \\x93NUMPY: this is not a .npy file", at: 0)
        }
        let major = try reader.read(UInt8.self, for: "the major version")
        let minor = try reader.read(UInt8.self, for: "the minor version")
        let headerLength: Int
        switch (major, minor) {
        case (1, 0): headerLength = Int(try reader.read(UInt16.self, for: "the header length"))
        case (2, 0), (3, 0): headerLength = Int(try reader.read(UInt32.self, for: "the header length"))
        default:
            throw reader.error("expected format version 1.0, 2.0 or 3.0, found \(major).\(minor)", at: 6)
        }
        let headerStart = reader.offset
        let header = try NPYHeader(parsing: reader.take(headerLength, for: "the header"), of: reader)

        let (count, byteCount) = try reader.counts(
            of: header.shape, elementSize: header.type.size, shapeAt: headerStart)
        let dataStart = try reader.skip(byteCount, for: "the data (\(count) \(header.type) elements of shape \(Shape(header.shape)))")
        try reader.expectEnd(after: "the data")
        var scalars = header.type.decode(bytes, from: dataStart, count: count, bigEndian: header.bigEndian)
        if header.fortranOrder {
            scalars = rowMajor(fromColumnMajor: scalars, shape: header.shape)
        }
        return try Tensor(shape: Shape(header.shape), scalars: scalars)
    }

    /// Reads a .npy file.
    public static func read(contentsOf url: URL) throws -> Tensor {
        try read(readBytes(of: url), file: url.path)
    }

    /// The bytes of a .npy file (version 1.0, `<f4`, C order) holding `tensor`.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        let dims = tensor.shape.dims
        let shapeText = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // Like numpy, leave room for the first axis to grow to 21 digits in place.
        if let first = dims.first { header += String(repeating: " ", count: max(0, 21 - String(first).count)) }
        // Pad with spaces and a newline so that the data starts at a multiple of 64 bytes.
        let unpadded = magic.count + 4 + header.utf8.count + 1
        header += String(repeating: " ", count: 64 - unpadded % 64) + "\n"

        var out = magic + [1, 0]
        out.reserveCapacity(out.count + 2 + header.utf8.count + 4 * tensor.scalars.count)
        out.appendLittleEndian(UInt16(header.utf8.count))
        out += header.utf8
        for value in tensor.scalars { out.appendLittleEndian(value.bitPattern) }
        return out
    }

    /// Writes `tensor` as a .npy file.
    public static func write(_ tensor: Tensor, to url: URL) throws {
        try Data(encode(tensor)).write(to: url, options: .atomic)
    }

    /// Reorders the elements of a column-major array of `shape` into row-major order.
    private static func rowMajor(fromColumnMajor values: [Float], shape: [Int]) -> [Float] {
        guard shape.count > 1, !values.isEmpty else { return values }
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var position = [Int](repeating: 0, count: shape.count)
        var source = 0
        var out: [Float] = []
        out.reserveCapacity(values.count)
        for _ in values.indices {
            out.append(values[source])
            var axis = shape.count - 1
            while axis >= 0 {
                position[axis] += 1
                source += strides[axis]
                if position[axis] < shape[axis] { break }
                source -= strides[axis] * shape[axis]
                position[axis] = 0
                axis -= 1
            }
        }
        return out
    }
}
