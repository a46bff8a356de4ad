import Foundation
import GraphIR

/// How `compile` builds an executable.
public struct CompileOptions: Sendable {
    /// Threads used by a run (default: every core). Results do not depend on it.
    public var threads: Int
    /// Clip embedding indices into range, as MXNet silently does, instead of throwing.
    public var clipEmbeddingIndices: Bool
    /// Output names to compute (MXNet names, e.g. `dense2_relu_fwd_output`); nil: the graph's outputs.
    /// Only what these outputs need is compiled and only the inputs they need are required.
    public var outputs: [String]?
    /// The most memory an executable may hold, in bytes: parameters, folded constants and one
    /// run's arena. A plan that needs more is refused before anything is allocated.
    public var memoryLimit: Int

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, clipEmbeddingIndices: Bool = false,
                outputs: [String]? = nil, memoryLimit: Int? = nil) {
        self.threads = max(1, threads)
        self.clipEmbeddingIndices = clipEmbeddingIndices
        self.outputs = outputs
        self.memoryLimit = memoryLimit ?? Int(clamping: ProcessInfo.processInfo.physicalMemory)
    }
}

/// Compiles a graph for the given input shapes: infers shapes, binds a kernel to every node
/// the outputs need, folds what depends only on parameters, makes views of reshape-like ops,
/// groups independent nodes into levels and plans one arena that reuses memory by liveness.
public func compile(_ graph: Graph, inputShapes: [String: Shape], options: CompileOptions = CompileOptions()) throws -> Executable {
    var builder = ExecutableBuilder(graph: graph, inputShapes: inputShapes, options: options)
    return try builder.build()
}

/// The state of one compilation.
private struct ExecutableBuilder {
    let graph: Graph
    let inputShapes: [String: Shape]
    let options: CompileOptions
    let constants = ConstantPool()
    var locations: [Entry: Location] = [:]
    var buffers: [PlannedBuffer] = []
    var steps: [Step] = []
    var inputs: [(name: String, shape: Shape, buffer: Int)] = []
    /// Floats held by the constant pool so far.
    var constantCount = 0

    /// The most elements one tensor may have: MXNet 1.9.1 indexes tensors with int32 (its
    /// default build). It also keeps the kernels' size arithmetic, at most a product of two
    /// tensor sizes, far from overflowing.
    static let maxElements = Int(Int32.max)

    init(graph: Graph, inputShapes: [String: Shape], options: CompileOptions) {
        self.graph = graph; self.inputShapes = inputShapes; self.options = options
    }

    mutating func build() throws -> Executable {
        let shapes = try graph.inferShapes(inputShapes, requireComplete: false)
        let outputs = try selectedOutputs()
        let needed = neededNodes(for: outputs.map(\.entry))
        try requireShapes(shapes, of: needed)
        let binder = KernelBinder(clipEmbeddingIndices: options.clipEmbeddingIndices)
        for index in graph.nodes.indices where needed[index] {
            let node = graph.nodes[index]
            let outShapes = (0..<node.op.outputCount).map { shapes[Entry(node: index, output: $0)] ?? Shape([]) }
            let inShapes = node.inputs.map { shapes[$0] ?? Shape([]) }
            try place(index, node, inShapes, outShapes, binder)
        }
        for (_, entry) in outputs { if case let .buffer(b)? = locations[entry] { buffers[b].lastUse = .max } }
        releaseUnusedConstants(outputs: outputs.compactMap { locations[$0.entry] })
        let arenaCount = planArena()
        try requireMemory(floats: constantCount + arenaCount, for: "the executable (constants and arena)")
        let outputLocations = try outputs.map { output -> (String, Shape, Location) in
            guard let location = locations[output.entry], let shape = shapes[output.entry] else {
                throw RuntimeError.unknownOutput(name: output.name, known: [])
            }
            return (output.name, shape, location)
        }
        return Executable(steps: steps, buffers: buffers.map { ($0.offset, $0.count) }, arenaCount: arenaCount,
                          constants: constants, inputs: inputs, outputs: outputLocations, threads: options.threads,
                          unusedInputs: Set(graph.inputNames).subtracting(inputs.map(\.name)))
    }

    /// Frees the constants no step reads and no output is: parameters replaced by what was
    /// folded or packed from them at compile time.
    private func releaseUnusedConstants(outputs: [Location]) {
        var used: Set<Int> = []
        for location in steps.flatMap(\.inputs) + outputs { if case let .constant(c) = location { used.insert(c) } }
        constants.release(keeping: used)
    }

    private func selectedOutputs() throws -> [(name: String, entry: Entry)] {
        guard let names = options.outputs else { return graph.outputs.map { (graph.outputName($0), $0) } }
        let all = graph.allEntries
        var byName: [String: Entry] = [:]
        for entry in all { byName[graph.outputName(entry)] = entry }
        return try names.map { name in
            guard let entry = byName[name] else {
                throw RuntimeError.unknownOutput(name: name, known: graph.outputs.map(graph.outputName))
            }
            return (name, entry)
        }
    }

    /// Every output of every needed node must have a complete shape.
    private func requireShapes(_ shapes: ShapeMap, of needed: [Bool]) throws {
        for index in graph.nodes.indices where needed[index] {
            let node = graph.nodes[index]
            for k in 0..<node.op.outputCount where !(shapes[Entry(node: index, output: k)]?.isComplete ?? false) {
                let message = node.isVariable
                    ? "the shape of input '\(node.name)' is unknown; give it as an input shape"
                    : "the output shape could not be inferred"
                throw GraphError.shapeUnresolved(node: node.name, op: node.op.mxnetName, message: message)
            }
            for k in 0..<node.op.outputCount {
                guard let shape = shapes[Entry(node: index, output: k)], let count = shape.checkedCount,
                      count <= Self.maxElements else {
                    let shape = shapes[Entry(node: index, output: k)] ?? Shape([])
                    throw RuntimeError.tooLarge(what: "node '\(node.name)' (\(node.op.mxnetName)) output \(shape)",
                                                message: "has more than \(Self.maxElements) elements")
                }
            }
        }
    }

    /// Throws unless `floats` fit in the memory limit.
    private func requireMemory(floats: Int, for what: @autoclosure () -> String) throws {
        let limit = options.memoryLimit / MemoryLayout<Float>.size
        guard floats <= limit else {
            throw RuntimeError.tooLarge(what: what(), message: "needs \(floats) floats of memory; the limit is \(limit)")
        }
    }

    /// Accounts for `count` more floats of constants, which `node` is about to add.
    private mutating func reserveConstants(_ count: Int, for node: Node) throws {
        try requireMemory(floats: constantCount + count, for: "node '\(node.name)' (\(node.op.mxnetName))")
        constantCount += count
    }

    private func neededNodes(for outputs: [Entry]) -> [Bool] {
        var needed = Array(repeating: false, count: graph.nodes.count)
        var stack = outputs.map(\.node)
        while let i = stack.popLast() {
            if needed[i] { continue }
            needed[i] = true
            stack.append(contentsOf: graph.nodes[i].inputs.map(\.node))
        }
        return needed
    }

    private mutating func place(_ index: Int, _ node: Node, _ inShapes: [Shape], _ outShapes: [Shape], _ binder: KernelBinder) throws {
        let entry = Entry(node: index)
        switch node.op {
        case .variable:
            if let value = graph.values[node.name] {
                guard value.shape == outShapes[0] else {
                    throw RuntimeError.parameterShape(name: node.name, expected: outShapes[0], found: value.shape)
                }
                try reserveConstants(value.scalars.count, for: node)
                locations[entry] = .constant(constants.add(value.scalars))
            } else if inputShapes[node.name] != nil {
                let buffer = newBuffer(count: outShapes[0].count, level: 0)
                inputs.append((node.name, outShapes[0], buffer))
                locations[entry] = .buffer(buffer)
            } else {
                throw RuntimeError.missingParameter(name: node.name, shape: outShapes[0])
            }
        case .zeros:
            try reserveConstants(outShapes[0].count, for: node)
            locations[entry] = .constant(constants.addZeros(outShapes[0].count))
        case _ where node.op.isView:
            guard inShapes[0].count == outShapes[0].count else {
                throw RuntimeError.unsupported(node: node.name, op: node.op.mxnetName,
                                               message: "a view of \(inShapes[0]) cannot have shape \(outShapes[0])")
            }
            locations[entry] = locations[node.inputs[0]]
        default:
            var inputLocations = node.inputs.compactMap { locations[$0] }
            var kernel = try binder.bind(node, inputs: inShapes, outputs: outShapes)
            if inputLocations.allSatisfy({ if case .constant = $0 { return true } else { return false } }) {
                try fold(index, node, kernel, inputLocations, outShapes)
                return
            }
            if let packing = kernel.packing, packing.input < inputLocations.count,
               case let .constant(c) = inputLocations[packing.input],
               let source = constants.buffers[c].baseAddress {
                let packed = constants.addZeros(packing.count)
                if let target = constants.buffers[packed].baseAddress { packing.pack(source, target) }
                inputLocations[packing.input] = .constant(packed)
                kernel = BoundKernel(scratchCount: packing.scratchCount, cost: kernel.cost, body: packing.body)
            }
            let level = 1 + (inputLocations.map(level(of:)).max() ?? 0)
            let outLocations = outShapes.map { Location.buffer(newBuffer(count: $0.count, level: level)) }
            for (k, location) in outLocations.enumerated() { locations[Entry(node: index, output: k)] = location }
            for case let .buffer(b) in inputLocations { buffers[b].lastUse = max(buffers[b].lastUse, level) }
            let names = node.op.inputNames(count: node.inputs.count)
            let sources = node.inputs.enumerated().map { k, entry in
                "input '\(k < names.count ? names[k] : "arg\(k)")' from '\(graph.outputName(entry))'"
            }
            steps.append(Step(node: index, name: node.name, op: node.op.mxnetName, inputs: inputLocations,
                              inputSources: sources, outputs: outLocations, kernel: kernel, level: level))
        }
    }

    /// Runs a node whose inputs are all constants once, at compile time.
    private mutating func fold(_ index: Int, _ node: Node, _ kernel: BoundKernel, _ inputs: [Location], _ outShapes: [Shape]) throws {
        try requireMemory(floats: constantCount + outShapes.reduce(kernel.scratchCount) { $0 + $1.count },
                          for: "folding node '\(node.name)' (\(node.op.mxnetName))")
        try reserveConstants(outShapes.reduce(0) { $0 + $1.count }, for: node)
        let outs = outShapes.map { constants.addZeros($0.count) }
        let pointers = inputs.compactMap { location -> UnsafePointer<Float>? in
            guard case let .constant(c) = location, let base = constants.buffers[c].baseAddress else { return nil }
            return UnsafePointer(base)
        }
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(kernel.scratchCount, 1))
        defer { scratch.deallocate() }
        do {
            try kernel.body(pointers, outs.compactMap { constants.buffers[$0].baseAddress }, scratch, options.threads)
        } catch {
            throw RuntimeError.kernel(node: node.name, op: node.op.mxnetName, message: "\(error)")
        }
        for (k, c) in outs.enumerated() { locations[Entry(node: index, output: k)] = .constant(c) }
    }

    private func level(of location: Location) -> Int {
        if case let .buffer(b) = location { return buffers[b].level }
        return 0
    }

    private mutating func newBuffer(count: Int, level: Int) -> Int {
        buffers.append(PlannedBuffer(count: count, level: level, lastUse: level))
        return buffers.count - 1
    }

    /// Assigns arena offsets level by level: a level's outputs and scratch are allocated
    /// while everything it reads is live; buffers are released after their last reading level.
    private mutating func planArena() -> Int {
        var allocator = ArenaAllocator()
        let maxLevel = steps.map(\.level).max() ?? 0
        var byLevel = Array(repeating: [Int](), count: maxLevel + 1)
        for (b, buffer) in buffers.enumerated() { byLevel[buffer.level].append(b) }
        var releaseAt = Array(repeating: [Int](), count: maxLevel + 1)
        for level in 0...maxLevel {
            for b in byLevel[level] {
                buffers[b].offset = allocator.allocate(buffers[b].count)
                if buffers[b].lastUse != .max { releaseAt[min(buffers[b].lastUse, maxLevel)].append(b) }
            }
            var scratch: [(Int, Int)] = []
            for s in steps.indices where steps[s].level == level && steps[s].kernel.scratchCount > 0 {
                let offset = allocator.allocate(steps[s].kernel.scratchCount)
                steps[s].scratchOffset = offset
                scratch.append((offset, steps[s].kernel.scratchCount))
            }
            for (offset, count) in scratch { allocator.release(offset: offset, count: count) }
            for b in releaseAt[level] { allocator.release(offset: buffers[b].offset, count: buffers[b].count) }
        }
        return allocator.size
    }
}

/// An arena buffer: its size, the level that writes it and the last level that reads it.
private struct PlannedBuffer {
    var count: Int
    var level: Int
    var lastUse: Int
    var offset = 0
}
