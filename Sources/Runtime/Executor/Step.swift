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
    var body: Body
    /// A faster form for when one input is a constant, which the compiler then rewrites once.
    var packing: ConstantPacking?

    typealias Body = (_ inputs: [UnsafePointer<Float>], _ outputs: [UnsafeMutablePointer<Float>],
                      _ scratch: UnsafeMutablePointer<Float>?, _ threads: Int) throws -> Void

    init(scratchCount: Int = 0, cost: Double, body: @escaping Body) {
        self.scratchCount = scratchCount
        self.cost = cost
        self.body = body
    }
}

/// A kernel's form for a constant input (say convolution weights in the Winograd domain):
/// at compile time `pack` rewrites the constant into `count` floats, and `body` (needing
/// `scratchCount` floats of scratch) runs on the rewritten constant in its place.
struct ConstantPacking {
    /// The input that must be a constant.
    let input: Int
    let count: Int
    let pack: (_ constant: UnsafePointer<Float>, _ packed: UnsafeMutablePointer<Float>) -> Void
    let scratchCount: Int
    let body: BoundKernel.Body
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
