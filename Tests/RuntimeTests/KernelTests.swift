import GraphIR
import Runtime
import Testing
import TestSupport

@Suite struct ReferenceKernelTests {
    @Test(arguments: ["relu", "sigmoid", "tanh", "softrelu", "softsign"])
    func activation(name: String) throws {
        let test = try OpCase("activation_\(name)")
        let x = try test.input("x")
        let kind = try #require(ActivationFunction(rawValue: test.attributes["act_type"] ?? ""))
        var out = unwritten(x.shape.count)
        kind.apply(x.scalars, to: &out, count: x.shape.count)
        #expect(maxRelativeError(try tensor(x.shape.dims, out), test.output) < 1e-5)
    }

    @Test(arguments: ["conv_1x1_s2_bias", "conv_3x3_s2_p1", "conv_7x7_s2_p3"])
    func convolution(name: String) throws {
        let test = try OpCase(name)
        let (x, w) = (try test.input("x"), try test.input("w"))
        let conv = try ConvolutionKernel(
            batch: x.shape[0], inputChannels: x.shape[1], inputSize: Size2D(x.shape[2], x.shape[3]),
            outputChannels: w.shape[0], kernel: test.size("kernel", .square(1)),
            stride: test.size("stride", .square(1)), pad: test.size("pad", .square(0)),
            dilation: test.size("dilate", .square(1)), groups: test.ints("num_group", [1])[0])
        let bias = test.flag("no_bias") ? nil : try test.input("b").scalars
        var out = unwritten(conv.outputShape.reduce(1, *))
        conv.apply(input: x.scalars, weight: w.scalars, bias: bias, output: &out)
        #expect(maxRelativeError(try tensor(conv.outputShape, out), test.output) < 1e-4)
    }

    @Test(arguments: ["fc_flatten", "fc_noflatten_nobias"])
    func fullyConnected(name: String) throws {
        let test = try OpCase(name)
        let (x, w) = (try test.input("x"), try test.input("w"))
        let inputSize = w.shape[1]
        let fc = try FullyConnectedKernel(
            rows: x.shape.count / inputSize, inputSize: inputSize, outputSize: w.shape[0])
        let bias = test.flag("no_bias") ? nil : try test.input("b").scalars
        var out = unwritten(fc.rows * fc.outputSize)
        fc.apply(input: x.scalars, weight: w.scalars, bias: bias, output: &out)
        #expect(maxRelativeError(try tensor(test.output.shape.dims, out), test.output) < 1e-4)
    }

    @Test(arguments: ["pool_avg_2x2_full", "pool_global_avg", "pool_max_3x3_s2_p1"])
    func pooling(name: String) throws {
        let test = try OpCase(name)
        let x = try test.input("x")
        let kind = try #require(PoolingKernel.Kind(rawValue: test.attributes["pool_type"] ?? "max"))
        let convention = try #require(
            PoolingKernel.Convention(rawValue: test.attributes["pooling_convention"] ?? "valid"))
        let pool = try PoolingKernel(
            kind: kind, batch: x.shape[0], channels: x.shape[1], inputSize: Size2D(x.shape[2], x.shape[3]),
            kernel: test.size("kernel", .square(1)), stride: test.size("stride", .square(1)),
            pad: test.size("pad", .square(0)), convention: convention,
            global: test.flag("global_pool"), countIncludePad: test.flag("count_include_pad", true))
        let shape = [x.shape[0], x.shape[1], pool.outputSize.height, pool.outputSize.width]
        var out = unwritten(shape.reduce(1, *))
        pool.apply(input: x.scalars, output: &out)
        #expect(maxRelativeError(try tensor(shape, out), test.output) < 1e-5)
    }

    @Test(arguments: ["batchnorm_inference_fixgamma_False", "batchnorm_inference_fixgamma_True"])
    func batchNorm(name: String) throws {
        let test = try OpCase(name)
        let x = try test.input("x")
        let norm = try BatchNormKernel(
            batch: x.shape[0], channels: x.shape[1], spatialCount: x.shape.count / (x.shape[0] * x.shape[1]),
            epsilon: Float(test.attributes["eps"] ?? "") ?? 1e-3, fixGamma: test.flag("fix_gamma", true))
        var out = unwritten(x.shape.count)
        norm.apply(
            input: x.scalars, gamma: try test.input("g").scalars, beta: try test.input("b").scalars,
            mean: try test.input("m").scalars, variance: try test.input("v").scalars, output: &out)
        #expect(maxRelativeError(try tensor(x.shape.dims, out), test.output) < 1e-5)
    }

    @Test func embedding() throws {
        let test = try OpCase("embedding")
        let (x, w) = (try test.input("x"), try test.input("w"))
        let table = try EmbeddingKernel(inputDim: w.shape[0], outputDim: w.shape[1])
        var out = unwritten(x.shape.count * w.shape[1])
        try table.apply(indices: x.scalars, count: x.shape.count, weight: w.scalars, output: &out)
        #expect(maxRelativeError(try tensor(x.shape.dims + [w.shape[1]], out), test.output) < 1e-5)
    }

    @Test(arguments: ["batch_dot_ta", "batch_dot_tb"])
    func batchDot(name: String) throws {
        let test = try OpCase(name)
        let (a, b) = (try test.input("a"), try test.input("b"))
        let dot = try BatchDotKernel(
            lhs: a.shape.dims, rhs: b.shape.dims,
            transposeA: test.flag("transpose_a"), transposeB: test.flag("transpose_b"))
        var out = unwritten(dot.outputShape.reduce(1, *))
        dot.apply(a.scalars, b.scalars, to: &out)
        #expect(maxRelativeError(try tensor(dot.outputShape, out), test.output) < 1e-4)
    }

    @Test(arguments: ["sum_axis1", "mean_axis0", "norm_axis1"])
    func reduction(name: String) throws {
        let test = try OpCase(name)
        let x = try test.input("x")
        let reduction = try ReductionKernel(
            shape: x.shape.dims, axes: test.ints("axis"), keepDims: test.flag("keepdims"),
            exclude: test.flag("exclude"))
        var out = unwritten(reduction.outputShape.reduce(1, *))
        switch test.nodes.last?.op {
        case "sum": reduction.sum(x.scalars, to: &out)
        case "mean": reduction.mean(x.scalars, to: &out)
        default: reduction.norm(x.scalars, to: &out)
        }
        #expect(maxRelativeError(try tensor(reduction.outputShape, out), test.output) < 1e-5)
    }

    @Test func transpose() throws {
        let test = try OpCase("transpose_102")
        let x = try test.input("x")
        let transpose = try TransposeKernel(shape: x.shape.dims, axes: test.ints("axes"))
        var out = unwritten(x.shape.count)
        transpose.apply(x.scalars, to: &out)
        #expect(try tensor(transpose.outputShape, out) == test.output)
    }

    @Test(arguments: ["concat_dim0", "concat_dim1"])
    func concat(name: String) throws {
        let test = try OpCase(name)
        let (a, b) = (try test.input("a"), try test.input("b"))
        let concat = try ConcatKernel(shapes: [a.shape.dims, b.shape.dims], axis: test.ints("dim")[0])
        var out = unwritten(concat.outputShape.reduce(1, *))
        a.scalars.withUnsafeBufferPointer { left in
            b.scalars.withUnsafeBufferPointer { right in
                guard let left = left.baseAddress, let right = right.baseAddress else { return }
                concat.apply(inputs: [left, right], output: &out)
            }
        }
        #expect(try tensor(concat.outputShape, out) == test.output)
    }

    @Test func broadcastChain() throws {
        let test = try OpCase("broadcast_ops")
        let (a, b) = (try test.input("a"), try test.input("b"))
        let ab = try BroadcastKernel(lhs: a.shape.dims, rhs: b.shape.dims)
        let ba = try BroadcastKernel(lhs: b.shape.dims, rhs: a.shape.dims)
        let count = ab.outputShape.reduce(1, *)
        var (product, sum, out) = (unwritten(count), unwritten(count), unwritten(count))
        ab.apply(.multiply, a.scalars, b.scalars, to: &product)
        ba.apply(.add, b.scalars, a.scalars, to: &sum)
        sum.withUnsafeMutableBufferPointer { sum in
            guard let sum = sum.baseAddress else { return }
            ScalarOperator.plus.apply(sum, scalar: 3, to: sum, count: count)
        }
        try BroadcastKernel(lhs: ab.outputShape, rhs: ba.outputShape).apply(.divide, product, sum, to: &out)
        #expect(maxRelativeError(try tensor(ab.outputShape, out), test.output) < 1e-5)
    }

    @Test func elementwiseChain() throws {
        let test = try OpCase("elemwise_chain")
        let (a, b) = (try test.input("a").scalars, try test.input("b").scalars)
        var (left, right, out) = (unwritten(a.count), unwritten(a.count), unwritten(a.count))
        BinaryOperator.multiply.apply(a, b, to: &left, count: a.count)
        let product = left
        ScalarOperator.plus.apply(product, scalar: 1e-9, to: &left, count: a.count)
        ScalarOperator.plus.apply(a, scalar: 2, to: &right, count: a.count)
        BinaryOperator.divide.apply(left, right, to: &out, count: a.count)
        #expect(maxRelativeError(try tensor(test.output.shape.dims, out), test.output) < 1e-5)
    }

    @Test func lstmBlock() throws {
        let test = try OpCase("lstm_2layer_bidirectional")
        let rnn = try #require(test.nodes.first { $0.op == "RNN" })
        let pack = try #require(test.nodes.first { $0.op == "_rnn_param_concat" })
        var parameters: [Float] = []
        for reshape in pack.inputs {
            let variable = try #require(test.nodes[reshape].inputs.first)
            parameters += try test.input(test.nodes[variable].name).scalars
        }
        let x = try test.input("data")
        let lstm = try LSTMKernel(
            sequenceLength: x.shape[0], batch: x.shape[1], inputSize: x.shape[2],
            hiddenSize: try #require(Int(rnn.attributes["state_size"] ?? "")),
            layers: try #require(Int(rnn.attributes["num_layers"] ?? "")),
            bidirectional: rnn.attributes["bidirectional"] == "True")
        #expect(parameters.count == lstm.parameterCount)
        var out = unwritten(lstm.outputShape.reduce(1, *))
        lstm.apply(input: x.scalars, parameters: parameters, output: &out)
        #expect(maxRelativeError(try tensor(lstm.outputShape, out), test.output) < 1e-4)
    }
}
