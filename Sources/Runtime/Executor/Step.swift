import GraphIR

/// Where an entry's floats live while the executable runs.
enum Location: Hashable {
    /// A buffer of the constant pool.
    case constant(Int)
    /// A buffer of the arena plan (index into `Executable.buffers`).
    case buffer(Int)
}

/// A kernel bound to a node's shapes and attributes: reads its inputs, writes its outputs.
struct BoundKernel {
    /// Floats of temporary memory the kernel needs.
    var scratchCount = 0
    /// An estimate of the work, for scheduling (multiply-adds or elements).
    var cost: Double
    var body: (_ inputs: [UnsafePointer<Float>], _ outputs: [UnsafeMutablePointer<Float>],
               _ scratch: UnsafeMutablePointer<Float>?, _ threads: Int) throws -> Void
}

/// One node scheduled for execution.
struct Step {
    let node: Int
    let name: String
    let op: String
    let inputs: [Location]
    /// For error messages: each input's name and the node output that feeds it.
    let inputSources: [String]
    let outputs: [Location]
    let kernel: BoundKernel
    /// Arena offset of the scratch memory, when the kernel needs any.
    var scratchOffset: Int?
    /// Position in the dependency order: a step only reads outputs of lower levels.
    let level: Int
}
