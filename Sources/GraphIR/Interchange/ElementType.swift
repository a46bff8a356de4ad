/// An element type found in .npy and .params files; all convert to Float on read.
enum ElementType: Sendable {
    case float32, float64, float16, uint8, int8, int32, int64, bool

    /// Bytes per element.
    var size: Int {
        switch self {
        case .uint8, .int8, .bool: 1
        case .float16: 2
        case .float32, .int32: 4
        case .float64, .int64: 8
        }
    }

    /// Decodes `count` elements starting at `start` (the caller has checked the bounds).
    func decode(_ bytes: [UInt8], from start: Int, count: Int, bigEndian: Bool = false) -> [Float] {
        bytes.withUnsafeBytes { raw in
            (0..<count).map { index in
                element(raw, at: start + index * size, bigEndian: bigEndian)
            }
        }
    }

    private func element(_ raw: UnsafeRawBufferPointer, at offset: Int, bigEndian: Bool) -> Float {
        func load<T: FixedWidthInteger>(_: T.Type) -> T {
            let value = raw.loadUnaligned(fromByteOffset: offset, as: T.self)
            return bigEndian ? T(bigEndian: value) : T(littleEndian: value)
        }
        switch self {
        case .float32: return Float(bitPattern: load(UInt32.self))
        case .float64: return Float(Double(bitPattern: load(UInt64.self)))
        case .float16: return Float(halfBits: load(UInt16.self))
        case .uint8, .bool: return Float(load(UInt8.self))
        case .int8: return Float(load(Int8.self))
        case .int32: return Float(load(Int32.self))
        case .int64: return Float(load(Int64.self))
        }
    }
}

extension Float {
    /// The value of IEEE 754 binary16 bits (exact: every half is a float).
    init(halfBits bits: UInt16) {
        let sign: Float = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int(bits >> 10 & 0x1F)
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            self = sign * Float(mantissa) * 0x1p-24
        case 0x1F:
            self = Float(bitPattern: (bits & 0x8000 == 0 ? 0 : 0x8000_0000) | 0x7F80_0000 | mantissa << 13)
        default:
            self = sign * Float(bitPattern: UInt32(exponent + 112) << 23 | mantissa << 13)
        }
    }
}
