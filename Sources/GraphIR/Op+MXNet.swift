extension Op {
    /// Parses an MXNet op name and its attribute strings; `node` names the node in errors.
    public init(mxnetName name: String, attributes: [String: String], node: String) throws {
        let read = AttributeReader(node: node, op: name, attributes: attributes)
        if let kind = Op.binaryAliases[name] {
            self = .elemwise(kind)
        } else if name.hasPrefix("broadcast_"), let kind = Op.broadcastKind(String(name.dropFirst(10))) {
            self = .broadcast(kind)
        } else if name.hasPrefix("_"), name.hasSuffix("_scalar"),
                  let kind = ScalarKind(rawValue: String(name.dropFirst().dropLast(7))) {
            self = .scalar(kind, try read.double("scalar", default: .nan))
            guard read.has("scalar") else {
                throw GraphError.badAttribute(node: node, op: name, key: "scalar", value: attributes["scalar"] ?? "", expected: "given")
            }
        } else if let kind = UnaryKind(rawValue: name) {
            self = .unary(kind)
        } else {
            self = try Op.parseLayerOp(name, read)
        }
    }

    private static let binaryAliases: [String: BinaryKind] = [
        "elemwise_add": .add, "elemwise_sub": .sub, "elemwise_mul": .mul, "elemwise_div": .div,
        "_plus": .add, "_Plus": .add, "_minus": .sub, "_Minus": .sub, "_mul": .mul, "_Mul": .mul,
        "_div": .div, "_Div": .div, "_maximum": .maximum, "_Maximum": .maximum,
        "_minimum": .minimum, "_Minimum": .minimum, "_power": .power, "_Power": .power,
    ]

    private static func broadcastKind(_ suffix: String) -> BinaryKind? {
        switch suffix {
        case "plus": return .add
        case "minus": return .sub
        default: return BinaryKind(rawValue: suffix)
        }
    }

    private static func parseLayerOp(_ name: String, _ read: AttributeReader) throws -> Op {
        switch name {
        case "null": return .variable
        case "FullyConnected":
            return .fullyConnected(FullyConnected(
                numHidden: try read.positiveInt("num_hidden"), noBias: try read.bool("no_bias", default: false),
                flatten: try read.bool("flatten", default: true)))
        case "Activation":
            return .activation(try read.choice("act_type", default: ActivationKind.relu))
        case "Embedding":
            return .embedding(Embedding(inputDim: try read.positiveInt("input_dim"),
                                        outputDim: try read.positiveInt("output_dim")))
        case "RNN":
            let mode = read.attributes["mode"] ?? ""
            guard mode == "lstm" else {
                throw GraphError.badAttribute(node: read.node, op: name, key: "mode", value: mode, expected: "lstm (the only supported mode)")
            }
            if read.has("projection_size") {
                throw GraphError.badAttribute(node: read.node, op: name, key: "projection_size",
                                              value: read.attributes["projection_size"] ?? "", expected: "None (projection is not supported)")
            }
            return .rnn(RNN(stateSize: try read.positiveInt("state_size"), numLayers: try read.positiveInt("num_layers"),
                            bidirectional: try read.bool("bidirectional", default: false),
                            stateOutputs: try read.bool("state_outputs", default: false), p: try read.double("p", default: 0)))
        case "Convolution":
            try requireNCHW(read)
            let kernel = try read.window("kernel", default: nil)
            return .convolution(Convolution(
                kernel: kernel, stride: try read.window("stride", default: [1, 1]),
                dilate: try read.window("dilate", default: [1, 1]), pad: try read.window("pad", default: [0, 0], allowZero: true),
                numFilter: try read.positiveInt("num_filter"), numGroup: try read.positiveInt("num_group", default: 1),
                noBias: try read.bool("no_bias", default: false)))
        case "BatchNorm":
            return .batchNorm(BatchNorm(
                eps: try read.double("eps", default: 1e-3), momentum: try read.double("momentum", default: 0.9),
                fixGamma: try read.bool("fix_gamma", default: true),
                useGlobalStats: try read.bool("use_global_stats", default: false), axis: try read.int("axis", default: 1)))
        case "Pooling":
            try requireNCHW(read)
            let global = try read.bool("global_pool", default: false)
            return .pooling(Pooling(
                kernel: try read.window("kernel", default: global ? [1, 1] : nil),
                kind: try read.choice("pool_type", default: PoolKind.max), globalPool: global,
                convention: try read.choice("pooling_convention", default: PoolingConvention.valid),
                stride: try read.window("stride", default: [1, 1]), pad: try read.window("pad", default: [0, 0], allowZero: true),
                countIncludePad: try read.bool("count_include_pad", default: true)))
        case "Flatten", "flatten": return .flatten
        case "Concat", "concat": return .concat(dim: try read.int("dim", default: 1))
        case "_rnn_param_concat": return .rnnParamConcat(dim: try read.int("dim", default: 1))
        case "Dropout": return .dropout(p: try read.double("p", default: 0.5))
        case "transpose": return .transpose(axes: try read.tuple("axes", default: []))
        case "sum", "mean":
            return .reduce(Reduce(kind: name == "sum" ? .sum : .mean, axes: try read.optionalTuple("axis"),
                                  keepDims: try read.bool("keepdims", default: false), exclude: try read.bool("exclude", default: false)))
        case "norm":
            let ord = try read.int("ord", default: 2)
            guard ord == 1 || ord == 2 else {
                throw GraphError.badAttribute(node: read.node, op: name, key: "ord", value: String(ord), expected: "1 or 2")
            }
            return .norm(Norm(ord: ord, axes: try read.optionalTuple("axis"), keepDims: try read.bool("keepdims", default: false)))
        case "expand_dims": return .expandDims(axis: try read.int("axis"))
        case "squeeze": return .squeeze(axes: try read.optionalTuple("axis"))
        case "batch_dot":
            return .batchDot(transposeA: try read.bool("transpose_a", default: false),
                             transposeB: try read.bool("transpose_b", default: false))
        case "Reshape", "reshape":
            return .reshape(shape: try read.tuple("shape", default: []), reverse: try read.bool("reverse", default: false))
        case "softmax":
            if try read.has("length") || read.bool("use_length", default: false) {
                throw GraphError.badAttribute(node: read.node, op: name, key: "use_length", value: read.attributes["use_length"] ?? "",
                                              expected: "False (masked softmax is not supported)")
            }
            return .softmax(axis: try read.int("axis", default: -1), temperature: try read.double("temperature", default: 1))
        case "_zeros": return .zeros(shape: try read.tuple("shape", default: []))
        case "_copy", "identity": return .identity
        default: throw GraphError.unknownOp(node: read.node, op: name)
        }
    }

    private static func requireNCHW(_ read: AttributeReader) throws {
        if let layout = read.attributes["layout"], layout != "None", layout != "NCHW" {
            throw GraphError.badAttribute(node: read.node, op: read.op, key: "layout", value: layout, expected: "NCHW (the only supported layout)")
        }
    }
}
