import Foundation
import GraphIR
import TestSupport
import Testing

/// Builds little-endian test files field by field.
private struct LittleEndianBytes {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// The list header: magic 0x112, reserved 0, array count.
    static func list(count: UInt64) -> LittleEndianBytes {
        var out = LittleEndianBytes()
        out.append(UInt64(0x112))
        out.append(UInt64(0))
        out.append(count)
        return out
    }

    /// A V2 dense array header: magic, storage type, shape, CPU context, dtype flag.
    mutating func appendArrayHeader(dims: [Int64], flag: Int32, storage: Int32 = 0) {
        append(UInt32(0xF993_FAC9))
        append(storage)
        append(Int32(dims.count))
        for dim in dims { append(dim) }
        append(Int32(1))
        append(Int32(0))
        append(flag)
    }

    /// One name per string.
    mutating func appendNames(_ names: [String]) {
        append(UInt64(names.count))
        for name in names {
            append(UInt64(name.utf8.count))
            bytes += name.utf8
        }
    }
}

private let tinyNames = [
    "arg:tiny_conv0_weight", "arg:tiny_conv0_bias", "arg:tiny_batchnorm0_gamma", "arg:tiny_batchnorm0_beta",
    "aux:tiny_batchnorm0_running_mean", "aux:tiny_batchnorm0_running_var", "arg:tiny_dense0_weight",
    "arg:tiny_dense0_bias",
]

private func tinyBytes() throws -> [UInt8] {
    [UInt8](try Data(contentsOf: Reference.url("interop/tiny-0000.params")))
}

@Suite("MXNet params")
struct ParamsTests {
    @Test func readsMXNetExport() throws {
        let arrays = try Params.read(contentsOf: Reference.url("interop/tiny-0000.params"))
        #expect(arrays.map(\.name) == tinyNames)
        #expect(arrays.map(\.tensor.shape) == [[4, 3, 3, 3], [4], [4], [4], [4], [4], [5, 64], [5]])
        #expect(Array(arrays[0].tensor.scalars.prefix(3)) == [-0.25067633, -0.13201654, -0.17882788])
        #expect(arrays[2].tensor.scalars.first == 1.3505502)
        #expect(arrays[7].tensor.scalars.last == 0.07820906)
    }

    @Test func encodesByteForByteAsMXNet() throws {
        let bytes = try tinyBytes()
        #expect(Params.encode(try Params.read(bytes, file: "tiny-0000.params")) == bytes)
    }

    @Test func roundTripsThroughAFile() throws {
        let arrays: [(name: String, tensor: Tensor)] = [
            ("arg:w", try Tensor(shape: [2, 3], scalars: [1, -2, 3.5, 0, .infinity, -0.0])),
            ("aux:s", try Tensor(shape: [], scalars: [42])),
            ("arg:empty", try Tensor(shape: [0, 4], scalars: [])),
        ]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("p-\(UUID().uuidString).params")
        defer { try? FileManager.default.removeItem(at: url) }
        try Params.write(arrays, to: url)
        let back = try Params.read(contentsOf: url)
        #expect(back.map(\.name) == arrays.map(\.name))
        #expect(back.map(\.tensor) == arrays.map(\.tensor))
    }

    @Test func unnamedListRoundTrips() throws {
        let arrays: [(name: String, tensor: Tensor)] = [("", try Tensor(shape: [2], scalars: [1, 2]))]
        let bytes = Params.encode(arrays)
        #expect(bytes.suffix(8) == [0, 0, 0, 0, 0, 0, 0, 0])
        let back = try Params.read(bytes, file: "list.params")
        #expect(back.count == 1 && back[0].name == "" && back[0].tensor.scalars == [1, 2])
    }

    @Test func splitsPrefixes() {
        #expect(Params.splitPrefix("arg:dense0_weight") == (.arg, "dense0_weight"))
        #expect(Params.splitPrefix("aux:bn_running_var") == (.aux, "bn_running_var"))
        #expect(Params.splitPrefix("dense0_weight") == (nil, "dense0_weight"))
    }

    @Test func convertsOtherDtypes() throws {
        var file = LittleEndianBytes.list(count: 5)
        file.appendArrayHeader(dims: [7], flag: 2)
        for half: UInt16 in [0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0001, 0x8000, 0x7C00] { file.append(half) }
        file.appendArrayHeader(dims: [2], flag: 1)
        for double in [0.1, -1e-3] { file.append(double.bitPattern) }
        file.appendArrayHeader(dims: [2], flag: 6)
        for integer: Int64 in [-3, 1 << 40] { file.append(integer) }
        file.appendArrayHeader(dims: [1], flag: 4)
        file.append(Int32(-7))
        file.appendArrayHeader(dims: [2], flag: 3)
        file.bytes += [255, 1]
        file.appendNames(["h", "d", "l", "i", "u"])
        let arrays = try Params.read(file.bytes, file: "dtypes.params")
        #expect(arrays[0].tensor.scalars == [1, -2, 0.333251953125, 65504, 0x1p-24, -0.0, .infinity])
        #expect(arrays[0].tensor.scalars[5].sign == .minus)
        #expect(arrays[1].tensor.scalars == [Float(0.1), Float(-1e-3)])
        #expect(arrays[2].tensor.scalars == [-3, 0x1p40])
        #expect(arrays[3].tensor.scalars == [-7])
        #expect(arrays[4].tensor.scalars == [255, 1])
    }

    @Test func readsOlderArrayFormats() throws {
        var file = LittleEndianBytes.list(count: 2)
        file.append(UInt32(0xF993_FAC8))  // V1: no storage type, int64 dims
        file.append(Int32(1))
        file.append(Int64(2))
        file.append(Int32(1)); file.append(Int32(0)); file.append(Int32(0))
        file.bytes += [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]
        file.append(UInt32(1))  // legacy: the first word is ndim, uint32 dims
        file.append(UInt32(1))
        file.append(Int32(1)); file.append(Int32(0)); file.append(Int32(0))
        file.bytes += [0, 0, 0x40, 0x40]
        file.appendNames(["a", "b"])
        let arrays = try Params.read(file.bytes, file: "old.params")
        #expect(arrays.map(\.tensor.scalars) == [[1, 2], [3]])
    }

    @Test func unsupportedContentIsRefused() throws {
        var sparse = LittleEndianBytes.list(count: 1)
        sparse.appendArrayHeader(dims: [2], flag: 0, storage: 1)
        var dtype = LittleEndianBytes.list(count: 1)
        dtype.appendArrayHeader(dims: [1], flag: 12)
        var none = LittleEndianBytes.list(count: 1)
        none.append(UInt32(0xF993_FAC9)); none.append(Int32(0)); none.append(Int32(0))
        var negative = LittleEndianBytes.list(count: 1)
        negative.appendArrayHeader(dims: [2, -3], flag: 0)
        var names = LittleEndianBytes.list(count: 0)
        names.appendNames(["x"])
        var utf8 = LittleEndianBytes.list(count: 1)
        utf8.appendArrayHeader(dims: [1], flag: 3)
        utf8.bytes += [9, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xFF]
        var trailing = LittleEndianBytes.list(count: 0)
        trailing.append(UInt64(0))
        trailing.bytes += [0]
        let cases: [([UInt8], String, String)] = [
            ([0x13, 1, 0, 0, 0, 0, 0, 0], "byte 0", "list magic 0x112, found 0x113"),
            (sparse.bytes, "byte 28", "storage type 1 (row_sparse)"),
            (dtype.bytes, "byte 52", "dtype flag 12"),
            (none.bytes, "byte 32", "empty NDArray"),
            (negative.bytes, "byte 32", "dimension 1 of shape [2, -3] is negative"),
            (names.bytes, "byte 24", "expected 0 or 0 names (one per array), found 1"),
            (utf8.bytes, "byte 73", "name 0 is not valid UTF-8"),
            (trailing.bytes, "byte 32", "found 1 more bytes"),
        ]
        for (bytes, location, message) in cases {
            let error = malformedFileError { _ = try Params.read(bytes, file: "bad.params") }
            #expect(error?.location == location, "\(String(describing: error))")
            #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        }
    }

    @Test func hugeClaimsThrowBeforeAllocating() throws {
        var shape = LittleEndianBytes.list(count: 1)
        shape.appendArrayHeader(dims: [1_000_000, 1_000_000], flag: 0)
        var overflow = LittleEndianBytes.list(count: 1)
        overflow.appendArrayHeader(dims: [1 << 62, 1 << 62], flag: 0)
        var ndim = LittleEndianBytes.list(count: 1)
        ndim.append(UInt32(0xF993_FAC9)); ndim.append(Int32(0)); ndim.append(Int32.max)
        var nameLength = LittleEndianBytes.list(count: 1)
        nameLength.appendArrayHeader(dims: [1], flag: 3)
        nameLength.bytes += [0]
        nameLength.append(UInt64(1))
        nameLength.append(UInt64(1) << 60)
        let cases: [([UInt8], String, String)] = [
            (LittleEndianBytes.list(count: 1 << 60).bytes, "byte 16", "array count of 1152921504606846976 cannot fit"),
            (shape.bytes, "byte 64", "expected 4000000000000 more bytes for the data of array 0"),
            (overflow.bytes, "byte 32", "more elements than can be addressed"),
            (ndim.bytes, "byte 36", "expected 17179869176 more bytes for the 2147483647 dimensions of array 0"),
            (nameLength.bytes, "byte 73", "expected 1152921504606846976 more bytes for name 0, found 0"),
            ([UInt8](LittleEndianBytes.list(count: 1).bytes + [0xFF, 0xFF, 0xFF, 0x7F]), "byte 28", "legacy"),
        ]
        for (bytes, location, message) in cases {
            let error = malformedFileError { _ = try Params.read(bytes, file: "huge.params") }
            #expect(error?.location == location, "\(String(describing: error))")
            #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        }
    }

    @Test func truncationNamesTheOffsetAndTheMissingBytes() throws {
        let truncated = Array(try tinyBytes().prefix(100))
        let error = #expect(throws: GraphError.self) { try Params.read(truncated, file: "tiny-0000.params") }
        #expect(error?.description == "tiny-0000.params: byte 80: expected 432 more bytes for the data of array 0 "
            + "(108 float32 elements of shape (4, 3, 3, 3)), found 20")
    }

    @Test func everyTruncationThrows() throws {
        let bytes = try tinyBytes()
        for length in 0..<bytes.count {
            #expect(throws: GraphError.self) { try Params.read(Array(bytes.prefix(length)), file: "tiny-0000.params") }
        }
    }

    @Test func corruptedBytesThrowOrReadButNeverTrap() throws {
        let bytes = try tinyBytes()
        for offset in bytes.indices {
            for value: UInt8 in [0x00, 0x7F, 0x80, 0xFF] {
                var corrupted = bytes
                corrupted[offset] = value
                _ = try? Params.read(corrupted, file: "corrupted.params")
            }
        }
    }
}
