import Foundation

/// A bounds-checked little-endian cursor over a file's bytes. Every read checks the bytes
/// remaining first and throws `GraphError.malformedFile` naming the byte offset.
struct ByteReader {
    let bytes: [UInt8]
    let file: String
    private(set) var offset = 0

    init(_ bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    var remaining: Int { bytes.count - offset }

    /// A malformed-file error located at `offset` (default: the current position).
    func error(_ message: String, at offset: Int? = nil) -> GraphError {
        .malformedFile(file: file, location: "byte \(offset ?? self.offset)", message: message)
    }

    /// Throws unless `count` more bytes are there for `what`.
    func require(_ count: Int, for what: String) throws {
        guard count <= remaining else {
            throw error("expected \(count) more bytes for \(what), found \(remaining)")
        }
    }

    /// The next `count` bytes.
    mutating func take(_ count: Int, for what: String) throws -> ArraySlice<UInt8> {
        try require(count, for: what)
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// Moves past `count` bytes of `what`, returning the offset where they start.
    mutating func skip(_ count: Int, for what: String) throws -> Int {
        try require(count, for: what)
        defer { offset += count }
        return offset
    }

    /// The next fixed-width little-endian integer.
    mutating func read<T: FixedWidthInteger>(_: T.Type, for what: String) throws -> T {
        let size = MemoryLayout<T>.size
        try require(size, for: what)
        var value = T.zero
        for index in (0..<size).reversed() {
            value = value << 8 | T(truncatingIfNeeded: bytes[offset + index])
        }
        offset += size
        return value
    }

    /// Throws unless every byte has been read.
    func expectEnd(after what: String) throws {
        guard remaining == 0 else {
            throw error("expected the end of the file after \(what), found \(remaining) more bytes")
        }
    }

    /// The number of elements and of data bytes of an array of `shape` (read at byte
    /// `shapeOffset`), refusing negative dimensions and products that overflow. The product
    /// is taken left to right, as `Shape.count` takes it.
    func counts(of shape: [Int], elementSize: Int, shapeAt shapeOffset: Int) throws -> (elements: Int, bytes: Int) {
        var elements = 1
        for (axis, dim) in shape.enumerated() {
            guard dim >= 0 else {
                throw error("dimension \(axis) of shape \(shape) is negative", at: shapeOffset)
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
            guard !overflow else {
                throw error("shape \(shape) has more elements than can be addressed", at: shapeOffset)
            }
            elements = product
        }
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: elementSize)
        guard !overflow else {
            throw error("shape \(shape) needs more bytes than can be addressed", at: shapeOffset)
        }
        return (elements, bytes)
    }
}

/// The contents of a file, with read failures reported as malformed-file errors that say why:
/// missing, a directory, not a regular file, or not readable.
func readBytes(of url: URL) throws -> [UInt8] {
    func fail(_ reason: String) -> GraphError { .malformedFile(file: url.path, location: "", message: reason) }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw fail("no such file") }
    guard !isDirectory.boolValue else { throw fail("is a directory, not a file") }
    let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
    guard attributes?[.type] as? FileAttributeType == .typeRegular else { throw fail("is not a regular file") }
    do {
        return [UInt8](try Data(contentsOf: url))
    } catch {
        throw fail("cannot be read: \(error.localizedDescription)")
    }
}

extension Array where Element == UInt8 {
    /// Appends the little-endian bytes of an integer.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
