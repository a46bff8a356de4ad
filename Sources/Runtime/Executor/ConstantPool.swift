import GraphIR

/// Float buffers that live as long as an executable: parameters copied once at compile
/// time, `_zeros` states and subgraphs folded at compile time. Runs only read them.
final class ConstantPool: @unchecked Sendable {
    private(set) var buffers: [UnsafeMutableBufferPointer<Float>] = []

    /// Adds a buffer holding `scalars`; returns its index.
    func add(_ scalars: [Float]) -> Int {
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(scalars.count, 1))
        _ = buffer.initialize(from: scalars)
        buffers.append(buffer)
        return buffers.count - 1
    }

    /// Adds a zero-filled buffer of `count` floats; returns its index.
    func addZeros(_ count: Int) -> Int {
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(count, 1))
        buffer.initialize(repeating: 0)
        buffers.append(buffer)
        return buffers.count - 1
    }

    /// Frees every buffer whose index is not in `used` (parameters that compile-time folding or
    /// weight packing replaced); their indices stay valid but hold nothing.
    func release(keeping used: Set<Int>) {
        for index in buffers.indices where !used.contains(index) && buffers[index].count > 0 {
            buffers[index].deallocate()
            buffers[index] = UnsafeMutableBufferPointer(start: nil, count: 0)
        }
    }

    /// The total size in bytes.
    var byteCount: Int { buffers.reduce(0) { $0 + $1.count * MemoryLayout<Float>.size } }

    deinit { for buffer in buffers where buffer.count > 0 { buffer.deallocate() } }
}
