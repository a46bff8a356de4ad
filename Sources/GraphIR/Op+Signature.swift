extension Op {
    /// The op's MXNet name, as written in symbol files.
    public var mxnetName: String {
        switch self {
        case .variable: return "null"
        case .fullyConnected: return "FullyConnected"
        case .activation: return "Activation"
        case .embedding: return "Embedding"
        case .rnn: return "RNN"
        case .convolution: return "Convolution"
        case .batchNorm: return "BatchNorm"
        case .pooling: return "Pooling"
        case .flatten: return "Flatten"
        case .concat: return "Concat"
        case .rnnParamConcat: return "_rnn_param_concat"
        case .dropout: return "Dropout"
        case .transpose: return "transpose"
        case let .reduce(r): return r.kind.rawValue
        case .norm: return "norm"
        case .expandDims: return "expand_dims"
        case .squeeze: return "squeeze"
        case .batchDot: return "batch_dot"
        case .reshape: return "Reshape"
        case let .elemwise(kind):
            switch kind {
            case .add, .sub, .mul, .div: return "elemwise_" + kind.rawValue
            case .maximum, .minimum, .power: return "_" + kind.rawValue
            }
        case let .broadcast(kind): return "broadcast_" + kind.rawValue
        case let .scalar(kind, _): return "_\(kind.rawValue)_scalar"
        case let .unary(kind): return kind.rawValue
        case .softmax: return "softmax"
        case .zeros: return "_zeros"
        case .identity: return "_copy"
        case let .fused(f): return f.mxnetName
        }
    }

    /// The op's attributes as MXNet writes them (the inverse of `init(mxnetName:attributes:node:)`).
    public var mxnetAttributes: [String: String] {
        func tuple(_ v: [Int]) -> String { v.count == 1 ? "(\(v[0]),)" : "(" + v.map(String.init).joined(separator: ", ") + ")" }
        func flag(_ b: Bool) -> String { b ? "True" : "False" }
        switch self {
        case .variable, .flatten, .elemwise, .broadcast, .unary, .identity: return [:]
        case let .fullyConnected(a):
            return ["num_hidden": String(a.numHidden), "no_bias": flag(a.noBias), "flatten": flag(a.flatten)]
        case let .activation(kind): return ["act_type": kind.rawValue]
        case let .embedding(a): return ["input_dim": String(a.inputDim), "output_dim": String(a.outputDim), "dtype": "float32"]
        case let .rnn(a):
            return ["mode": a.mode, "state_size": String(a.stateSize), "num_layers": String(a.numLayers),
                    "bidirectional": flag(a.bidirectional), "state_outputs": flag(a.stateOutputs), "p": formatNumber(a.p)]
        case let .convolution(a):
            return ["kernel": tuple(a.kernel), "stride": tuple(a.stride), "dilate": tuple(a.dilate), "pad": tuple(a.pad),
                    "num_filter": String(a.numFilter), "num_group": String(a.numGroup), "no_bias": flag(a.noBias), "layout": "NCHW"]
        case let .batchNorm(a):
            return ["eps": formatNumber(a.eps), "momentum": formatNumber(a.momentum), "fix_gamma": flag(a.fixGamma),
                    "use_global_stats": flag(a.useGlobalStats), "axis": String(a.axis)]
        case let .pooling(a):
            return ["kernel": tuple(a.kernel), "pool_type": a.kind.rawValue, "global_pool": flag(a.globalPool),
                    "pooling_convention": a.convention.rawValue, "stride": tuple(a.stride), "pad": tuple(a.pad),
                    "count_include_pad": flag(a.countIncludePad), "layout": "NCHW"]
        case let .concat(dim), let .rnnParamConcat(dim): return ["dim": String(dim)]
        case let .dropout(p): return ["p": formatNumber(p)]
        case let .transpose(axes): return axes.isEmpty ? [:] : ["axes": tuple(axes)]
        case let .reduce(a):
            var out = ["keepdims": flag(a.keepDims), "exclude": flag(a.exclude)]
            if let axes = a.axes { out["axis"] = tuple(axes) }
            return out
        case let .norm(a):
            var out = ["ord": String(a.ord), "keepdims": flag(a.keepDims)]
            if let axes = a.axes { out["axis"] = tuple(axes) }
            return out
        case let .expandDims(axis): return ["axis": String(axis)]
        case let .squeeze(axes): return axes.map { ["axis": tuple($0)] } ?? [:]
        case let .batchDot(ta, tb): return ["transpose_a": flag(ta), "transpose_b": flag(tb)]
        case let .reshape(shape, reverse): return ["shape": tuple(shape), "reverse": flag(reverse)]
        case let .scalar(_, value): return ["scalar": formatNumber(value)]
        case let .softmax(axis, temperature): return ["axis": String(axis), "temperature": formatNumber(temperature)]
        case let .zeros(shape): return ["shape": tuple(shape), "dtype": "float32"]
        case let .fused(f): return f.attributes
        }
    }

    /// The names of the op's inputs, in order (`data`, `weight`, `bias` …), for `count` inputs.
    public func inputNames(count: Int) -> [String] {
        let names: [String]
        switch self {
        case .variable, .zeros: names = []
        case let .fullyConnected(a): names = a.noBias ? ["data", "weight"] : ["data", "weight", "bias"]
        case let .convolution(a): names = a.noBias ? ["data", "weight"] : ["data", "weight", "bias"]
        case .embedding: names = ["data", "weight"]
        case .rnn: names = ["data", "parameters", "state", "state_cell"]
        case .batchNorm: names = ["data", "gamma", "beta", "moving_mean", "moving_var"]
        case .elemwise, .broadcast, .batchDot: names = ["lhs", "rhs"]
        case .concat, .rnnParamConcat: names = (0..<count).map { "arg\($0)" }
        case let .fused(f): names = f.inputNames(count: count)
        default: names = ["data"]
        }
        return names
    }

    /// How many inputs the op takes: an exact count, or nil for any positive count.
    public var inputCount: Int? {
        switch self {
        case .concat, .rnnParamConcat: return nil
        default: return inputNames(count: 0).count
        }
    }

    /// Positions of inputs that are auxiliary states (not trainable; `aux:` in `.params`).
    public var auxiliaryInputs: Set<Int> {
        switch self {
        case .batchNorm, .fused(.batchNorm): return [3, 4]
        default: return []
        }
    }

    /// The names of the visible outputs (MXNet lists `<node>_<name>`).
    public var outputNames: [String] {
        switch self {
        case let .rnn(a), let .fused(.batchMajorRNN(a)):
            return a.stateOutputs ? ["output", "state_output", "statecell_output"] : ["output"]
        default: return ["output"]
        }
    }

    /// The number of visible outputs.
    public var outputCount: Int { outputNames.count }

    /// The number of outputs MXNet allocates, hidden ones included (for `node_row_ptr`).
    public var internalOutputCount: Int {
        switch self {
        case .batchNorm: return 3
        case .dropout: return 2
        case .rnn: return 3
        case let .pooling(p): return p.kind == .max && !p.globalPool ? 2 : 1
        default: return outputCount
        }
    }
}

/// Formats a number the way Python prints it in MXNet attributes (`0.5`, `1e-05`, `3`).
func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}
