extension Params {
    /// mshadow's type flags (mshadow/base.h) and the element types they name.
    private static let elementTypes: [Int32: ElementType] = [
        0: .float32, 1: .float64, 2: .float16, 3: .uint8, 4: .int32, 5: .int8, 6: .int64, 7: .bool,
    ]

    /// Reads one array as `NDArray::Load` does, checking every size against the bytes left.
    static func readArray(_ reader: inout ByteReader, index: Int) throws -> Tensor {
        let what = "array \(index)"
        let start = reader.offset
        let magic = try reader.read(UInt32.self, for: "the magic of \(what)")
        let shapeOffset: Int
        let dims: [Int]?
        switch magic {
        case v2Magic, v3Magic:
            let storageOffset = reader.offset
            let storage = try reader.read(Int32.self, for: "the storage type of \(what)")
            guard storage == 0 else {
                let kind = [1: " (row_sparse)", 2: " (csr)"][storage] ?? ""
                throw reader.error(
                    "\(what) has storage type \(storage)\(kind); only dense arrays (0) are supported",
                    at: storageOffset)
            }
            shapeOffset = reader.offset
            dims = try readShape(&reader, of: what, numpySemantics: magic == v3Magic)
        case v1Magic:
            shapeOffset = reader.offset
            dims = try readShape(&reader, of: what, numpySemantics: false)
        default:
            shapeOffset = start
            dims = try readLegacyShape(&reader, ndim: magic, of: what)
        }
        guard let dims else {
            throw reader.error("\(what) is an empty NDArray (unknown shape, no data): no tensor holds it", at: shapeOffset)
        }
        _ = try reader.read(Int32.self, for: "the device type of \(what)")
        _ = try reader.read(Int32.self, for: "the device id of \(what)")
        let flagOffset = reader.offset
        let flag = try reader.read(Int32.self, for: "the dtype flag of \(what)")
        guard let type = elementTypes[flag] else {
            throw reader.error(
                "\(what) has dtype flag \(flag); expected 0 (float32), 1 (float64), 2 (float16), "
                    + "3 (uint8), 4 (int32), 5 (int8), 6 (int64) or 7 (bool)",
                at: flagOffset)
        }
        let (count, byteCount) = try reader.counts(of: dims, elementSize: type.size, shapeAt: shapeOffset)
        let dataStart = try reader.skip(
            byteCount, for: "the data of \(what) (\(count) \(type) elements of shape \(Shape(dims)))")
        return try Tensor(shape: Shape(dims), scalars: type.decode(reader.bytes, from: dataStart, count: count))
    }

    /// An int32 ndim and int64 dims; nil for an empty array (ndim 0, or with numpy shape
    /// semantics ndim -1 or a dimension -1, meaning unknown).
    private static func readShape(_ reader: inout ByteReader, of what: String, numpySemantics: Bool) throws -> [Int]? {
        let ndimOffset = reader.offset
        let ndim = try reader.read(Int32.self, for: "the number of dimensions of \(what)")
        if numpySemantics ? ndim == -1 : ndim == 0 { return nil }
        guard ndim >= 0 else { throw reader.error("\(what) claims \(ndim) dimensions", at: ndimOffset) }
        try reader.require(Int(ndim) * 8, for: "the \(ndim) dimensions of \(what)")
        var dims: [Int] = []
        for axis in 0..<Int(ndim) {
            let dimOffset = reader.offset
            guard let dim = Int(exactly: try reader.read(Int64.self, for: "dimension \(axis) of \(what)")) else {
                throw reader.error("dimension \(axis) of \(what) does not fit in an Int", at: dimOffset)
            }
            dims.append(dim)
        }
        return numpySemantics && dims.contains(-1) ? nil : dims
    }

    /// The shape of a legacy array, whose first word is its ndim, followed by uint32 dims.
    private static func readLegacyShape(_ reader: inout ByteReader, ndim: UInt32, of what: String) throws -> [Int]? {
        if ndim == 0 { return nil }
        let dimsWhat = "the \(ndim) dimensions of \(what) (read as a legacy array: its first word is no NDArray magic)"
        try reader.require(Int(ndim) * 4, for: dimsWhat)
        var dims: [Int] = []
        for axis in 0..<Int(ndim) {
            dims.append(Int(try reader.read(UInt32.self, for: "dimension \(axis) of \(what)")))
        }
        return dims
    }

    /// The names after the arrays: none (a saved list, empty names) or one per array.
    static func readNames(_ reader: inout ByteReader, arrayCount: Int) throws -> [String] {
        let countOffset = reader.offset
        let nameCount = try reader.read(UInt64.self, for: "the name count")
        if nameCount == 0 { return Array(repeating: "", count: arrayCount) }
        guard nameCount == UInt64(arrayCount) else {
            throw reader.error("expected 0 or \(arrayCount) names (one per array), found \(nameCount)", at: countOffset)
        }
        var names: [String] = []
        for index in 0..<arrayCount {
            let length = try reader.read(UInt64.self, for: "the length of name \(index)")
            guard length <= UInt64(reader.remaining) else {
                throw reader.error("expected \(length) more bytes for name \(index), found \(reader.remaining)")
            }
            let start = reader.offset
            guard let name = String(validating: try reader.take(Int(length), for: "name \(index)"), as: UTF8.self) else {
                throw reader.error("name \(index) is not valid UTF-8", at: start)
            }
            names.append(name)
        }
        return names
    }
}
