import Foundation
import GraphIR
import TestSupport
import Testing

/// The location and message of the malformed-file error that `body` throws, recording an
/// issue when it throws nothing or something else.
func malformedFileError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> (location: String, message: String)? {
    let error = #expect(throws: GraphError.self, sourceLocation: sourceLocation) { try body() }
    guard case let .malformedFile(_, location, message)? = error else {
        if let error { Issue.record("expected a malformed-file error, got \(error)", sourceLocation: sourceLocation) }
        return nil
    }
    return (location, message)
}

/// The bytes of a .npy file with the given header text and data.
private func npy(_ header: String, version: UInt8 = 1, data: [UInt8] = []) -> [UInt8] {
    var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
    let length = header.utf8.count
    out += version == 1 ? [UInt8(length & 0xFF), UInt8(length >> 8)] : [UInt8(length & 0xFF), UInt8(length >> 8), 0, 0]
    return out + Array(header.utf8) + data
}

private func float32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
}

private func referenceBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: Reference.url(path)))
}

@Suite("NPY")
struct NPYTests {
    @Test func readsInt64() throws {
        let tensor = try NPY.read(contentsOf: Reference.url("interop/ids_int64.npy"))
        #expect(tensor.shape == [2, 3])
        #expect(tensor.scalars == [3, 1, 4, 1, 5, 9])
    }

    @Test func readsFloat64() throws {
        let tensor = try NPY.read(contentsOf: Reference.url("interop/values_float64.npy"))
        #expect(tensor.shape == [2, 3])
        #expect(tensor.scalars == [0, 0.2, 0.4, 0.6, 0.8, 1.0].map { Float($0 as Double) })
    }

    @Test func readsFloat32AndEncodesItByteForByteAsNumpy() throws {
        let bytes = try referenceBytes("interop/tiny_input.npy")
        let tensor = try NPY.read(bytes, file: "tiny_input.npy")
        #expect(tensor.shape == [2, 3, 8, 8])
        #expect(Array(tensor.scalars.prefix(3)) == [-0.9792517, 0.0037491843, -0.008453414])
        #expect(tensor.scalars.last == 0.1660266)
        #expect(NPY.encode(tensor) == bytes)
    }

    @Test(arguments: [[], [0], [1], [5], [2, 3], [0, 3], [2, 3, 4], [1, 1, 1, 1, 7]] as [[Int]])
    func roundTrips(dims: [Int]) throws {
        let shape = Shape(dims)
        let tensor = try Tensor(shape: shape, scalars: (0..<shape.count).map { Float($0) * 0.5 - 1 })
        let bytes = NPY.encode(tensor)
        #expect(bytes.count % 64 == (4 * shape.count) % 64)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try NPY.write(tensor, to: url)
        #expect(try NPY.read(contentsOf: url) == tensor)
    }

    @Test func fortranOrderIsTransposedToRowMajor() throws {
        // a[i, j, k] = 100 i + 10 j + k for shape (2, 3, 2), stored with i varying fastest.
        var columnMajor: [Float] = []
        for k in 0..<2 { for j in 0..<3 { for i in 0..<2 { columnMajor.append(Float(100 * i + 10 * j + k)) } } }
        let header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 2), }"
        let tensor = try NPY.read(npy(header, data: float32Bytes(columnMajor)), file: "f.npy")
        #expect(tensor.shape == [2, 3, 2])
        #expect(tensor.scalars == [0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121])
    }

    @Test func headerParsingIsTolerant() throws {
        let headers = [
            "{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}",
            "{ \"descr\" : \"<f4\" ,'fortran_order':False,'shape':( 2 , ) , }   \n",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), 'extra': 'ignored'}",
        ]
        for header in headers {
            #expect(try NPY.read(npy(header, data: float32Bytes([1.5, -2])), file: "h.npy").scalars == [1.5, -2])
        }
        let scalar = try NPY.read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", data: float32Bytes([7])), file: "s.npy")
        #expect(scalar.shape == [] && scalar.scalars == [7])
    }

    @Test func readsVersionsTwoAndThree() throws {
        for version: UInt8 in [2, 3] {
            let bytes = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", version: version, data: float32Bytes([3]))
            #expect(try NPY.read(bytes, file: "v.npy").scalars == [3])
        }
    }

    @Test func convertsOtherDtypes() throws {
        func read(_ descr: String, _ data: [UInt8], count: Int) throws -> [Float] {
            try NPY.read(npy("{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(count),)}", data: data), file: "d.npy").scalars
        }
        #expect(try read("|u1", [0, 7, 255], count: 3) == [0, 7, 255])
        #expect(try read("|i1", [0xFB], count: 1) == [-5])
        #expect(try read("<i4", [0xFE, 0xFF, 0xFF, 0xFF, 9, 0, 0, 0], count: 2) == [-2, 9])
        #expect(try read("<f2", [0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00], count: 3) == [1, -2, 0x1p-24])
        #expect(try read(">f4", [0x3F, 0xC0, 0, 0], count: 1) == [1.5])
    }

    @Test func malformedFilesAreRefusedWithTheirOffset() throws {
        let cases: [([UInt8], String, String)] = [
            (Array("NUMPZ\u{0}\u{1}\u{0}".utf8), "byte 0", "magic string"),
            ([0x93] + Array("NUMPY".utf8) + [4, 0, 0, 0], "byte 6", "version 1.0, 2.0 or 3.0, found 4.0"),
            (npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}"), "byte 20", "unsupported dtype '<c8'"),
            (npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}"), "byte 20", "found '['"),
            (npy("{'descr': '<f4', 'shape': (1,)}"), "byte 10", "no 'fortran_order' key"),
            (npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}"), "byte 10", "dimension 1 of shape [2, -3] is negative"),
            (npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}"), "byte 61", "too large"),
            (npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x"), "byte 66", "only spaces"),
            (npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", data: [0, 0, 0, 0, 0]), "byte 69", "1 more bytes"),
            (npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4)}"), "byte 10", "more elements than can be addressed"),
        ]
        for (bytes, location, message) in cases {
            let error = malformedFileError { _ = try NPY.read(bytes, file: "bad.npy") }
            #expect(error?.location == location, "\(String(describing: error))")
            #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        }
    }

    @Test func hugeClaimedShapeThrowsBeforeAllocating() {
        let bytes = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000)}", data: [0, 0, 0, 0])
        let error = malformedFileError { _ = try NPY.read(bytes, file: "huge.npy") }
        #expect(error?.message == "expected 4000000000000 more bytes for the data (1000000000000 float32 elements of shape (1000000, 1000000)), found 4")
    }

    @Test(arguments: ["interop/tiny_input.npy", "interop/ids_int64.npy"])
    func everyTruncationThrows(path: String) throws {
        let bytes = try referenceBytes(path)
        for length in 0..<bytes.count {
            #expect(throws: GraphError.self) { try NPY.read(Array(bytes.prefix(length)), file: path) }
        }
    }

    @Test func corruptedHeaderBytesThrowOrReadButNeverTrap() throws {
        let bytes = try referenceBytes("interop/ids_int64.npy")
        for offset in bytes.indices {
            for value: UInt8 in [0x00, 0x20, 0x29, 0x2D, 0x39, 0x7F, 0xFF] {
                var corrupted = bytes
                corrupted[offset] = value
                _ = try? NPY.read(corrupted, file: "corrupted.npy")
            }
        }
    }
}
